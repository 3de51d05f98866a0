import { isDeepStrictEqual } from 'node:util';
import { SKIP_ACTION, type Action, type ActionSchema } from './actions.ts';
import { compileCondition, type FieldSchema, type SubjectPredicate } from './conditions.ts';
import { parseWith, ruleLogicSchema, type RuleGroup, type RuleLogic } from './definition.ts';

/** One field a rule (or the whole plan) changes. */
export type FieldChange = { field: string; before: unknown; after: unknown };

export type RuleMatch = {
  groupId: string;
  ruleId: string;
  actions: Action[];
  /** What this rule changed, relative to the subject as it stood when the rule ran; empty when the plan was skipped. */
  changes: FieldChange[];
};

/** What evaluating a rule set over one subject would do. Pure: the caller applies it. */
export type RulePlan<S extends object> = {
  /** Every rule whose conditions held, in evaluation order. */
  matches: RuleMatch[];
  /** The rule whose `skip` action left the subject untouched, if any. */
  skippedBy: { groupId: string; ruleId: string } | null;
  /** The net effect against the original subject, one entry per field that ends up different. */
  changes: FieldChange[];
  /** The subject with every change applied (the original when skipped or nothing changed). */
  result: S;
};

type CompiledRule = { id: string; logic: RuleLogic; test: SubjectPredicate };
type CompiledGroup = { id: string; active: boolean; stopProcessing: boolean; rules: CompiledRule[] };

/** Rule groups validated and prepared for evaluation; build once, evaluate over many subjects. */
export type CompiledRuleSet = { readonly groups: readonly CompiledGroup[] };

export type RulesEngineOptions<S extends object, T extends string> = {
  fields: FieldSchema;
  actions: ActionSchema<S>;
  triggers: readonly [T, ...T[]];
};

function diff(before: object, after: object, fields: Iterable<string>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const was = (before as Record<string, unknown>)[field];
    const is = (after as Record<string, unknown>)[field];
    // isDeepStrictEqual compares primitives with Object.is; only objects (tag lists) need the walk.
    const same = Object.is(was, is) || (typeof was === 'object' && typeof is === 'object' && was !== null && is !== null && isDeepStrictEqual(was, is));
    if (!same) changes.push({ field, before: was, after: is });
  }
  return changes;
}

/**
 * A rules engine over the caller's subject type. Semantics, in the spirit of Firefly III:
 * groups and rules run in the order given; a rule's conditions see the subject as changed by the
 * rules before it; within a rule, actions run in order and a later write to a field wins;
 * a rule's `stopProcessing` ends its group, a group's `stopProcessing` (when one of its rules matched)
 * ends the evaluation; `skip` drops every change and ends the evaluation.
 */
export function createRulesEngine<S extends object, T extends string>(options: RulesEngineOptions<S, T>) {
  const { fields, actions, triggers } = options;
  const ruleSchema = ruleLogicSchema(fields, actions, triggers);

  function parseRule(input: unknown): RuleLogic<T> {
    return parseWith(ruleSchema, input, 'rule');
  }

  function compileLogic(logic: RuleLogic<T>): SubjectPredicate {
    const predicates = logic.conditions.map((condition) => compileCondition(condition, fields));
    return logic.match === 'all'
      ? (subject) => predicates.every((predicate) => predicate(subject))
      : (subject) => predicates.some((predicate) => predicate(subject));
  }

  /** Validates every rule again (stored definitions may predate a schema change) and prepares the predicates. */
  function compile(groups: readonly RuleGroup<T>[]): CompiledRuleSet {
    return {
      groups: groups.map((group) => ({
        id: group.id,
        active: group.active,
        stopProcessing: group.stopProcessing,
        rules: group.rules.map((rule) => {
          const { id, ...logicInput } = rule;
          const logic = parseRule(logicInput);
          return { id, logic, test: compileLogic(logic) };
        }),
      })),
    };
  }

  function applyActions(subject: S, list: Action[]): { result: S; touched: Set<string> } {
    let result = subject;
    const touched = new Set<string>();
    for (const action of list) {
      const type = actions[action.type];
      if (!type) throw new RangeError(`unknown action ${action.type}`);
      const patch = type.apply(action.value, result);
      for (const field of Object.keys(patch)) touched.add(field);
      result = { ...result, ...patch };
    }
    return { result, touched };
  }

  /** Runs the rule set over one subject; only rules listing `trigger` run when one is given. */
  function evaluate(ruleSet: CompiledRuleSet, subject: S, evaluation: { trigger?: T } = {}): RulePlan<S> {
    const matches: RuleMatch[] = [];
    const touched = new Set<string>();
    let current = subject;
    for (const group of ruleSet.groups) {
      if (!group.active) continue;
      let groupMatched = false;
      for (const rule of group.rules) {
        const { logic } = rule;
        if (!logic.active) continue;
        if (evaluation.trigger !== undefined && !logic.triggers.includes(evaluation.trigger)) continue;
        if (!rule.test(current)) continue;
        groupMatched = true;
        if (logic.actions.some((action) => action.type === SKIP_ACTION)) {
          const skipped = matches.map((match) => ({ ...match, changes: [] }));
          skipped.push({ groupId: group.id, ruleId: rule.id, actions: logic.actions, changes: [] });
          return { matches: skipped, skippedBy: { groupId: group.id, ruleId: rule.id }, changes: [], result: subject };
        }
        const applied = applyActions(current, logic.actions);
        for (const field of applied.touched) touched.add(field);
        matches.push({ groupId: group.id, ruleId: rule.id, actions: logic.actions, changes: diff(current, applied.result, applied.touched) });
        current = applied.result;
        if (logic.stopProcessing) break;
      }
      if (groupMatched && group.stopProcessing) break;
    }
    const changes = diff(subject, current, touched);
    return { matches, skippedBy: null, changes, result: changes.length > 0 ? current : subject };
  }

  return { ruleSchema, parseRule, compile, evaluate, triggers };
}

export type RulesEngine<S extends object, T extends string> = ReturnType<typeof createRulesEngine<S, T>>;
