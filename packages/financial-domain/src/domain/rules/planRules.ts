import type { Transaction } from '@ai-service/db';
import type { FieldChange, RulePlan } from '@ai-service/rules';
import { loadRuleSubjectRows, loadTransferCandidates } from '../../repositories/ruleSubjects.ts';
import { financeRules, sortTagNames, type RuleSubject } from './engine.ts';
import type { LoadedRuleSet } from './ruleSet.ts';

export type TransactionPlan = { transactionId: string; plan: RulePlan<RuleSubject> };

const TRANSFER_FIELD = 'transferCounterpartId';

/** The plan with only its changes to `fields` (what each rule changed, and the net effect). */
export function restrictPlan(plan: TransactionPlan, fields: readonly string[]): TransactionPlan {
  const keep = (changes: FieldChange[]) => changes.filter((change) => fields.includes(change.field));
  return {
    ...plan,
    plan: { ...plan.plan, matches: plan.plan.matches.map((match) => ({ ...match, changes: keep(match.changes) })), changes: keep(plan.plan.changes) },
  };
}

/**
 * Drops a transfer link whose transaction or other leg is already paired earlier in the same run
 * (two rules, or both legs' rules, picking the same pair), so each transaction gets one partner.
 */
function claimTransfer(plan: RulePlan<RuleSubject>, claimed: Set<string>): RulePlan<RuleSubject> {
  const link = plan.changes.find((change) => change.field === TRANSFER_FIELD);
  if (!link) return plan;
  const own = plan.result.id;
  const other = link.after as string;
  if (!claimed.has(own) && !claimed.has(other)) {
    claimed.add(own).add(other);
    return plan;
  }
  const keep = (changes: FieldChange[]) => changes.filter((change) => change.field !== TRANSFER_FIELD);
  return {
    ...plan,
    matches: plan.matches.map((match) => ({ ...match, changes: keep(match.changes) })),
    changes: keep(plan.changes),
    result: { ...plan.result, transferCounterpartId: null },
  };
}

/**
 * What the rule set would do to each of these transactions (live ones only, in the order given).
 * Pure reads: the same call gives a dry run and the plan an apply then writes; an apply locks the
 * rows (`lock`) so nothing changes them between plan and write. `claimed` carries the transfer
 * pairs already taken across the batches of one run.
 */
export async function planRules(
  tx: Transaction,
  ruleSet: LoadedRuleSet,
  transactionIds: readonly string[],
  claimed: Set<string>,
  { lock = false }: { lock?: boolean } = {},
): Promise<TransactionPlan[]> {
  if (ruleSet.isEmpty) return [];
  const rows = await loadRuleSubjectRows(tx, transactionIds, { lock });
  const candidates = ruleSet.marksTransfers ? await loadTransferCandidates(tx, transactionIds, claimed) : new Map<string, Record<string, string>>();
  const evaluation = ruleSet.trigger ? { trigger: ruleSet.trigger } : {};
  return rows.map((row) => {
    const subject: RuleSubject = { ...row, tags: sortTagNames(row.tags), transferCandidates: candidates.get(row.id) ?? {}, transferCounterpartId: null };
    return { transactionId: row.id, plan: claimTransfer(financeRules.evaluate(ruleSet.compiled, subject, evaluation), claimed) };
  });
}
