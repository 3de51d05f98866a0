import type { Transaction } from '@ai-service/db';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { inTransaction, type FinancialContext } from '../../context.ts';
import type { IngestInsert } from '../../repositories/ingest.ts';
import { insertStagedEvaluations, type StagedEvaluation } from '../../repositories/ingestStaging.ts';
import { ensureCounterparties, ensureTags, insertTransactionTags } from '../../repositories/ruleWrites.ts';
import { RULE_BATCH_SIZE } from '../rules/applyRulesToTransactions.ts';
import { planUnsavedTransactions, type TransactionPlan } from '../rules/planRules.ts';
import type { LoadedRuleSet } from '../rules/ruleSet.ts';
import { changeOf, planEvaluations, ruleBehind, type RuleRun } from '../rules/writeRulePlans.ts';
import type { Categorization } from '../transactions/recordCategorization.ts';
import { linkTransfer } from '../transfers/linkTransfer.ts';

/** The new rows as the ingest rules leave them, and the plans that changed something. */
export type RuledRows = { rows: IngestInsert[]; changed: TransactionPlan[] };

/**
 * Plans the tenant's ingest rules over rows about to be inserted, in memory, and returns the rows
 * as the rules leave them: category (provenance `rule`, with the rule that set it), notes, and
 * counterparty (linked to master data, created as a payee if missing, so it exists before the
 * row). The rows are then inserted once, already final, instead of inserted and rewritten. What
 * needs the stored rows (tags, transfer links, evaluations) is written by recordIngestRules.
 * `claimed` carries the transfer pairs taken, for the rest of the run.
 */
export async function planIngestRules(tx: Transaction, ctx: FinancialContext, ruleSet: LoadedRuleSet, rows: readonly IngestInsert[], claimed: Set<string>): Promise<RuledRows> {
  if (ruleSet.isEmpty || rows.length === 0) return { rows: [...rows], changed: [] };
  const plans: TransactionPlan[] = [];
  // In rounds of RULE_BATCH_SIZE like runs over stored transactions, which load transfer candidates per round.
  for (let start = 0; start < rows.length; start += RULE_BATCH_SIZE) {
    // Lets the connection's replies in between rounds, so the writes queued behind them (writeNewRows) go on while this plans.
    await yieldToIo();
    const subjects = rows.slice(start, start + RULE_BATCH_SIZE).map((row) => ({
      id: row.id,
      accountId: row.accountId,
      currency: row.currency,
      amount: row.amount,
      bookingDate: row.bookingDate,
      status: row.status,
      description: row.description,
      counterparty: row.counterpartyName,
      notes: row.notes,
    }));
    plans.push(...(await planUnsavedTransactions(tx, ctx.tenantId, ruleSet, subjects, claimed)));
  }
  const changed = plans.filter((plan) => plan.plan.changes.length > 0);
  if (changed.length === 0) return { rows: [...rows], changed };

  const names = changed.flatMap((plan) => (changeOf(plan, 'counterparty') ? [changeOf(plan, 'counterparty')!.after as string] : []));
  const counterpartyIds = await ensureCounterparties(tx, ctx.tenantId, names);
  const byId = new Map(changed.map((plan) => [plan.transactionId, plan]));
  return {
    changed,
    rows: rows.map((row) => {
      const plan = byId.get(row.id);
      if (!plan) return row;
      const ruled = { ...row };
      const category = changeOf(plan, 'categoryId');
      if (category) Object.assign(ruled, { categoryId: category.after as string, categoryProvenance: 'rule', categoryRuleId: ruleBehind(plan, 'categoryId') });
      const notes = changeOf(plan, 'notes');
      if (notes) ruled.notes = notes.after as string | null;
      const counterparty = changeOf(plan, 'counterparty');
      if (counterparty) {
        const name = counterparty.after as string;
        Object.assign(ruled, { counterpartyName: name, counterpartyId: counterpartyIds.get(name.toLowerCase())! });
      }
      return ruled;
    }),
  };
}

/** The categories the rules gave the new rows, for their TransactionCategorized events. */
export function ingestRuleCategorizations(plans: readonly TransactionPlan[]): Categorization[] {
  return plans.flatMap((plan): Categorization[] => {
    const category = changeOf(plan, 'categoryId');
    if (!category) return [];
    return [{ transactionId: plan.transactionId, categoryId: category.after as string, previousCategoryId: null, provenance: 'rule', ruleId: ruleBehind(plan, 'categoryId') }];
  });
}

/** The rule evaluations of the changed rows, by row id, as the staging table takes them (see ingestStaging.ts): one per rule that changed the row. */
export function stagedEvaluations(plans: readonly TransactionPlan[]): Map<string, StagedEvaluation[]> {
  return new Map(plans.map((plan) => [plan.transactionId, planEvaluations(plan)]));
}

/**
 * After the insert: the tags and transfer links the rules chose for the new rows, and their rule
 * evaluations (staged with the rows, see stagedEvaluations).
 */
export async function recordIngestRules(tx: Transaction, ctx: FinancialContext, plans: readonly TransactionPlan[], run: RuleRun): Promise<void> {
  const tagged = plans.flatMap((plan) => {
    const change = changeOf(plan, 'tags');
    return change ? [{ id: plan.transactionId, names: change.after as string[] }] : [];
  });
  const tagIds = await ensureTags(tx, ctx.tenantId, tagged.flatMap((entry) => entry.names));
  await insertTransactionTags(tx, ctx.tenantId, tagged.flatMap((entry) => entry.names.map((name) => ({ transactionId: entry.id, tagId: tagIds.get(name.toLowerCase())! }))));

  for (const plan of plans) {
    const link = changeOf(plan, 'transferCounterpartId');
    if (!link) continue;
    const outgoing = plan.plan.result.amount.startsWith('-');
    const [own, other] = [plan.transactionId, link.after as string];
    await linkTransfer({ ctx: inTransaction(ctx, tx), input: { outgoingTransactionId: outgoing ? own : other, incomingTransactionId: outgoing ? other : own } });
  }

  if (plans.length > 0) await insertStagedEvaluations(tx, { ...run, createdAt: ctx.clock() });
}
