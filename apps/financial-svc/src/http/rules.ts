import type { FinancialComponents, FinancialPaths } from '@ai-service/contracts';
import {
  applyRules,
  createRule,
  createRuleGroup,
  deleteRule,
  deleteRuleGroup,
  dryRunRules,
  getRule,
  getRuleGroup,
  listRuleEvaluations,
  listRuleGroups,
  reorderRuleGroups,
  reorderRules,
  updateRule,
  updateRuleGroup,
  type RuleEvaluationView,
  type RuleGroupView,
  type RuleView,
} from '@ai-service/financial-domain';
import { problem, type ErrorMapper, type OperationHandler } from '@ai-service/http';
import { RulesError } from '@ai-service/rules';
import { contextOf, type HandlerDeps } from './context.ts';

type Schemas = FinancialComponents['schemas'];
type GroupParams = { groupId: string };
type RuleParams = { ruleId: string };
type EvaluationQuery = NonNullable<FinancialPaths['/v1/financial/rules/evaluations']['get']['parameters']['query']>;

/** A rule definition that does not validate: 422 with every problem by path (`conditions.0.value`). */
export const rulesErrorMapper: ErrorMapper = (error) =>
  error instanceof RulesError ? problem(422, error.message, { code: 'invalid_rule', errors: error.issues }) : undefined;

const presentRule = (view: RuleView): Schemas['Rule'] => ({
  ...view,
  conditions: view.conditions as Schemas['RuleCondition'][],
  actions: view.actions as Schemas['RuleAction'][],
  createdAt: view.createdAt.toISOString(),
  updatedAt: view.updatedAt.toISOString(),
});

const presentGroup = (view: RuleGroupView): Schemas['RuleGroup'] => ({
  ...view,
  rules: view.rules.map(presentRule),
  createdAt: view.createdAt.toISOString(),
  updatedAt: view.updatedAt.toISOString(),
});

const presentEvaluation = (view: RuleEvaluationView): Schemas['RuleEvaluation'] => ({
  ...view,
  changes: view.changes as Schemas['FieldChange'][],
  createdAt: view.createdAt.toISOString(),
});

/** The rule's identity and place, apart from its logic (validated by the domain as a whole). */
function splitRuleBody(body: Schemas['RuleCreate'] | Schemas['RuleUpdate']) {
  const { groupId, name, ...logic } = body;
  return { groupId, name, logic };
}

const runInput = (body: Schemas['RuleRun']) => ({ ...body, filter: body.filter ?? {} });

export function ruleHandlers(deps: HandlerDeps): Record<string, OperationHandler> {
  return {
    listRuleGroups: async (request) => ({ items: (await listRuleGroups({ ctx: contextOf(deps, request) })).map(presentGroup) }),
    createRuleGroup: async (request, reply) =>
      reply.code(201).send(presentGroup(await createRuleGroup({ ctx: contextOf(deps, request), input: request.body as Schemas['RuleGroupCreate'] }))),
    reorderRuleGroups: async (request) => ({
      items: (await reorderRuleGroups({ ctx: contextOf(deps, request), input: request.body as { groupIds: string[] } })).map(presentGroup),
    }),
    getRuleGroup: async (request) => presentGroup(await getRuleGroup({ ctx: contextOf(deps, request), input: request.params as GroupParams })),
    updateRuleGroup: async (request) =>
      presentGroup(
        await updateRuleGroup({ ctx: contextOf(deps, request), input: { ...(request.body as Schemas['RuleGroupUpdate']), ...(request.params as GroupParams) } }),
      ),
    deleteRuleGroup: async (request, reply) => {
      await deleteRuleGroup({ ctx: contextOf(deps, request), input: request.params as GroupParams });
      return reply.code(204).send();
    },
    reorderRules: async (request) =>
      presentGroup(await reorderRules({ ctx: contextOf(deps, request), input: { ...(request.body as { ruleIds: string[] }), ...(request.params as GroupParams) } })),
    createRule: async (request, reply) => {
      const { groupId, name, logic } = splitRuleBody(request.body as Schemas['RuleCreate']);
      return reply.code(201).send(presentRule(await createRule({ ctx: contextOf(deps, request), input: { groupId: groupId!, name: name!, logic } })));
    },
    getRule: async (request) => presentRule(await getRule({ ctx: contextOf(deps, request), input: request.params as RuleParams })),
    updateRule: async (request) =>
      presentRule(await updateRule({ ctx: contextOf(deps, request), input: { ...splitRuleBody(request.body as Schemas['RuleUpdate']), ...(request.params as RuleParams) } })),
    deleteRule: async (request, reply) => {
      await deleteRule({ ctx: contextOf(deps, request), input: request.params as RuleParams });
      return reply.code(204).send();
    },
    dryRunRules: async (request) => dryRunRules({ ctx: contextOf(deps, request), input: runInput(request.body as Schemas['RuleRun']) }),
    applyRules: async (request) => applyRules({ ctx: contextOf(deps, request), input: runInput(request.body as Schemas['RuleRun']) }),
    listRuleEvaluations: async (request) => {
      const page = await listRuleEvaluations({ ctx: contextOf(deps, request), input: request.query as EvaluationQuery });
      return { items: page.items.map(presentEvaluation), nextCursor: page.nextCursor };
    },
  };
}
