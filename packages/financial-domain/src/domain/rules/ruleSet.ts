import type { Transaction } from '@ai-service/db';
import { RulesError, type CompiledRuleSet, type Rule, type RuleGroup } from '@ai-service/rules';
import type { RuleTrigger } from '../../db/schema/rules.ts';
import { existingCategoryIds } from '../../repositories/ruleReferences.ts';
import { listRuleGroupsWithRules, type RuleGroupWithRules, type RuleRow } from '../../repositories/rules.ts';
import { invalidInput } from '../../errors.ts';
import { financeRules } from './engine.ts';
import { categoryOf } from './ruleReferences.ts';

/** Which rules a run evaluates: the stored rule set, chosen stored rules, or one rule not saved yet (dry runs only). */
export type RuleSelection = { ruleIds?: string[]; rule?: unknown };

/** Stands for the unsaved rule of a dry run in plans; reported as `ruleId: null`. */
export const UNSAVED_RULE_ID = '00000000-0000-0000-0000-000000000000';

export type LoadedRuleSet = {
  compiled: CompiledRuleSet;
  /** The trigger rules must list to run; undefined when the caller chose the rules explicitly. */
  trigger: RuleTrigger | undefined;
  /** Whether any rule marks transfers, so candidates for the other leg must be loaded. */
  marksTransfers: boolean;
  isEmpty: boolean;
};

const toRule = (row: RuleRow, overrides: Partial<Rule<RuleTrigger>> = {}): Rule<RuleTrigger> => ({
  id: row.id,
  match: row.match,
  conditions: row.conditions as Rule['conditions'],
  actions: row.actions as Rule['actions'],
  stopProcessing: row.stopProcessing,
  active: row.active,
  triggers: row.triggers,
  ...overrides,
});

function finish(groups: RuleGroup<RuleTrigger>[], trigger: RuleTrigger | undefined): LoadedRuleSet {
  const rules = groups.flatMap((group) => group.rules);
  return {
    compiled: financeRules.compile(groups),
    trigger,
    marksTransfers: rules.some((rule) => rule.actions.some((action) => action.type === 'markAsTransfer')),
    isEmpty: rules.length === 0,
  };
}

/**
 * A rule whose category was deleted since it was saved would fail at write time; it is left out
 * of runs (its other actions too, so a rule never half-applies).
 */
async function withoutDanglingCategories(tx: Transaction, groups: RuleGroupWithRules[]): Promise<RuleGroupWithRules[]> {
  const named = groups.flatMap((group) => group.rules.flatMap((rule) => (rule.actions as Rule['actions']).flatMap((action) => categoryOf(action) ?? [])));
  const existing = await existingCategoryIds(tx, [...new Set(named)]);
  const complete = (rule: RuleRow) =>
    (rule.actions as Rule['actions']).every((action) => {
      const categoryId = categoryOf(action);
      return categoryId === undefined || existing.has(categoryId);
    });
  return groups.map((group) => ({ ...group, rules: group.rules.filter(complete) }));
}

/** The stored rule set of the tenant, for a trigger (ingest, edit, manual). */
export async function loadStoredRuleSet(tx: Transaction, trigger: RuleTrigger): Promise<LoadedRuleSet> {
  const groups = await withoutDanglingCategories(tx, await listRuleGroupsWithRules(tx));
  return finish(
    groups.map((group) => ({ id: group.id, active: group.active, stopProcessing: group.stopProcessing, rules: group.rules.map((row) => toRule(row)) })),
    trigger,
  );
}

/**
 * The rules a manual run evaluates. Chosen stored rules run in their stored order, even when
 * inactive or without the `manual` trigger (the user asked for them); with no choice, the active
 * rules that list `manual` run.
 */
export async function loadSelectedRuleSet(tx: Transaction, selection: RuleSelection): Promise<LoadedRuleSet> {
  if (selection.rule !== undefined) {
    let logic;
    try {
      logic = financeRules.parseRule(selection.rule);
    } catch (error) {
      if (error instanceof RulesError) throw new RulesError(error.code, error.message, error.issues.map((issue) => ({ ...issue, field: `rule.${issue.field}` })));
      throw error;
    }
    const rule = { id: UNSAVED_RULE_ID, ...logic, active: true };
    return finish([{ id: UNSAVED_RULE_ID, active: true, stopProcessing: false, rules: [rule] }], undefined);
  }
  if (selection.ruleIds === undefined) return loadStoredRuleSet(tx, 'manual');
  const chosen = new Set(selection.ruleIds);
  const groups = await withoutDanglingCategories(tx, await listRuleGroupsWithRules(tx));
  const found = new Set(groups.flatMap((group) => group.rules.map((rule) => rule.id)));
  const missing = selection.ruleIds.findIndex((id) => !found.has(id));
  if (missing >= 0) throw invalidInput(`ruleIds.${missing}`, `No usable rule ${selection.ruleIds[missing]} in this tenant.`);
  return finish(
    groups.map((group) => ({
      id: group.id,
      active: true,
      stopProcessing: group.stopProcessing,
      rules: group.rules.filter((rule) => chosen.has(rule.id)).map((row) => toRule(row, { active: true })),
    })),
    undefined,
  );
}
