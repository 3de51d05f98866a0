import type { Transaction } from '@ai-service/db';
import type { FieldChange } from '@ai-service/rules';
import { decimal, decimalToString } from '@ai-service/money';
import { listTransactionPage, type TransactionCursor, type TransactionFilter } from '../../repositories/transactions.ts';
import { RULE_BATCH_SIZE } from './applyRulesToTransactions.ts';
import { planRules, type TransactionPlan } from './planRules.ts';
import { UNSAVED_RULE_ID, type LoadedRuleSet } from './ruleSet.ts';

/** What a manual run (dry or applied) reports for one transaction it would change or changed. */
export type RuleRunItem = {
  transactionId: string;
  /** Net effect: each field once, before the first rule and after the last. */
  changes: FieldChange[];
  /** Each rule that changed something, in order, with what it changed; `ruleId` null for an unsaved rule. */
  rules: { ruleId: string | null; changes: FieldChange[] }[];
};

export type RuleRunReport = { evaluated: number; changed: number; items: RuleRunItem[]; truncated: boolean };

export const toRunItem = (plan: TransactionPlan): RuleRunItem => ({
  transactionId: plan.transactionId,
  changes: plan.plan.changes,
  rules: plan.plan.matches
    .filter((match) => match.changes.length > 0)
    .map((match) => ({ ruleId: match.ruleId === UNSAVED_RULE_ID ? null : match.ruleId, changes: match.changes })),
});

const canonical = (amount: string | undefined) => (amount === undefined ? undefined : decimalToString(decimal(amount)));

/**
 * Plans the rule set over every live transaction matching `filter`, page by page in the listing's
 * order (newest first), handing each page's plans to `write` (a dry run writes nothing). Lists at
 * most `itemLimit` changed transactions; the counts cover all of them.
 */
export async function runRulesOverFilter(
  tx: Transaction,
  ruleSet: LoadedRuleSet,
  filter: TransactionFilter,
  { itemLimit, lock, write }: { itemLimit: number; lock: boolean; write: (plans: TransactionPlan[]) => Promise<void> },
): Promise<RuleRunReport> {
  const report: RuleRunReport = { evaluated: 0, changed: 0, items: [], truncated: false };
  if (ruleSet.isEmpty) return report;
  const claimed = new Set<string>();
  const query = { ...filter, minAmount: canonical(filter.minAmount), maxAmount: canonical(filter.maxAmount) };
  let after: TransactionCursor | undefined;
  for (;;) {
    const page = await listTransactionPage(tx, query, RULE_BATCH_SIZE, after);
    const plans = await planRules(tx, ruleSet, page.rows.map((row) => row.id), claimed, { lock });
    await write(plans);
    report.evaluated += plans.length;
    for (const plan of plans.filter((candidate) => candidate.plan.changes.length > 0)) {
      report.changed += 1;
      if (report.items.length < itemLimit) report.items.push(toRunItem(plan));
      else report.truncated = true;
    }
    const last = page.rows.at(-1);
    if (!page.more || !last) return report;
    after = [last.bookingDate, last.id];
  }
}
