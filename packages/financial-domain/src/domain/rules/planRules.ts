import type { Transaction } from '@ai-service/db';
import type { FieldChange, RulePlan } from '@ai-service/rules';
import { loadRuleSubjectRows, loadTransferCandidates, loadUnsavedTransferCandidates, type RuleSubjectRow } from '../../repositories/ruleSubjects.ts';
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

type CandidateLoader = (ids: readonly string[]) => Promise<Map<string, Record<string, string>>>;

/**
 * Evaluates the rule set over the subjects in order, claiming transfer pairs. Only the subjects a
 * "mark as transfer" rule matches need the other legs, which take a query each: they are found by
 * a first evaluation without candidates (conditions never read them, so the same rules match),
 * and only they are evaluated again with their candidates.
 */
async function evaluateAll(ruleSet: LoadedRuleSet, subjects: readonly RuleSubject[], loadCandidates: CandidateLoader, claimed: Set<string>): Promise<TransactionPlan[]> {
  const evaluation = ruleSet.trigger ? { trigger: ruleSet.trigger } : {};
  const plans = subjects.map((subject) => financeRules.evaluate(ruleSet.compiled, subject, evaluation));
  const marks = (plan: RulePlan<RuleSubject>) => plan.skippedBy === null && plan.matches.some((match) => match.actions.some((action) => action.type === 'markAsTransfer'));
  const needing = ruleSet.marksTransfers ? subjects.filter((_, index) => marks(plans[index]!)) : [];
  const candidates = needing.length > 0 ? await loadCandidates(needing.map((subject) => subject.id)) : new Map<string, Record<string, string>>();
  return subjects.map((subject, index) => {
    const plan = candidates.has(subject.id) ? financeRules.evaluate(ruleSet.compiled, { ...subject, transferCandidates: candidates.get(subject.id)! }, evaluation) : plans[index]!;
    return { transactionId: subject.id, plan: claimTransfer(plan, claimed) };
  });
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
  return planLoadedRows(tx, ruleSet, await loadRuleSubjectRows(tx, transactionIds, { lock }), claimed);
}

/** planRules over rows the caller already loaded (and locked, to apply the plan): categorization reads them once for rules and history. */
export async function planLoadedRows(tx: Transaction, ruleSet: LoadedRuleSet, rows: readonly RuleSubjectRow[], claimed: Set<string>): Promise<TransactionPlan[]> {
  if (ruleSet.isEmpty) return [];
  const subjects = rows.map((row): RuleSubject => ({ ...row, tags: sortTagNames(row.tags), transferCandidates: {}, transferCounterpartId: null }));
  return evaluateAll(ruleSet, subjects, (ids) => loadTransferCandidates(tx, ids, claimed), claimed);
}

/** A transaction about to be inserted, as rules see it: no category, tags, splits or transfer yet. */
export type UnsavedSubject = Pick<RuleSubjectRow, 'id' | 'accountId' | 'currency' | 'amount' | 'bookingDate' | 'status' | 'description' | 'counterparty' | 'notes'>;

/**
 * planRules for transactions not stored yet (an ingest plans its rules in memory and inserts the
 * rows as the rules leave them). They read as a stored new transaction would (loadRuleSubjectRows),
 * so the plan is the one planRules would make right after the insert.
 */
export async function planUnsavedTransactions(
  tx: Transaction,
  tenantId: string,
  ruleSet: LoadedRuleSet,
  rows: readonly UnsavedSubject[],
  claimed: Set<string>,
): Promise<TransactionPlan[]> {
  if (ruleSet.isEmpty) return [];
  const subjects = rows.map(
    (row): RuleSubject => ({ ...row, categoryId: null, categoryProvenance: null, transferId: null, hasSplits: false, tags: [], transferCandidates: {}, transferCounterpartId: null }),
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return evaluateAll(ruleSet, subjects, (ids) => loadUnsavedTransferCandidates(tx, tenantId, ids.map((id) => byId.get(id)!), claimed), claimed);
}
