import type { Transaction } from '@ai-service/db';
import { randomUUID } from 'node:crypto';
import type { FieldChange } from '@ai-service/rules';
import { audit } from '../../audit.ts';
import { inTransaction, type FinancialContext } from '../../context.ts';
import type { RuleTrigger } from '../../db/schema/rules.ts';
import { insertRuleEvaluations, type RuleEvaluationInsert } from '../../repositories/ruleEvaluations.ts';
import { assignCategories, ensureCounterparties, ensureTags, replaceTags, setCounterparties, setNotes } from '../../repositories/ruleWrites.ts';
import { recordCategorizations } from '../transactions/recordCategorization.ts';
import { linkTransfer } from '../transfers/linkTransfer.ts';
import type { TransactionPlan } from './planRules.ts';

export type RuleRun = { runId: string; trigger: RuleTrigger };

export const changeOf = (plan: TransactionPlan, field: string): FieldChange | undefined => plan.plan.changes.find((change) => change.field === field);

/** The last rule that wrote the field: the one the field's value comes from. */
export const ruleBehind = (plan: TransactionPlan, field: string): string | null =>
  plan.plan.matches.findLast((match) => match.changes.some((change) => change.field === field))?.ruleId ?? null;

const fieldsOf = (changes: readonly FieldChange[], side: 'before' | 'after') => Object.fromEntries(changes.map((change) => [change.field, change[side]]));

/** What each rule that changed something in the plan changed: one rule evaluation each. */
export function planEvaluations(plan: TransactionPlan): { ruleId: string; before: Record<string, unknown>; after: Record<string, unknown> }[] {
  return plan.plan.matches
    .filter((match) => match.changes.length > 0)
    .map((match) => ({ ruleId: match.ruleId, before: fieldsOf(match.changes, 'before'), after: fieldsOf(match.changes, 'after') }));
}

/** One rule_evaluations row per rule that changed something in each plan. */
export function evaluationRows(ctx: FinancialContext, plans: readonly TransactionPlan[], run: RuleRun, createdAt: Date): RuleEvaluationInsert[] {
  return plans.flatMap((plan) =>
    planEvaluations(plan).map((evaluation) => ({
      id: randomUUID(),
      tenantId: ctx.tenantId,
      runId: run.runId,
      transactionId: plan.transactionId,
      trigger: run.trigger,
      createdAt,
      ...evaluation,
    })),
  );
}

/**
 * Writes what planRules planned, in the caller's transaction: each changed field once per
 * transaction (batched across transactions), one rule evaluation per rule that changed something,
 * one audit row per changed transaction, and TransactionCategorized (with its audit row) per category change.
 * Returns how many transactions changed.
 */
export async function writeRulePlans(tx: Transaction, ctx: FinancialContext, plans: readonly TransactionPlan[], run: RuleRun): Promise<number> {
  const changed = plans.filter((plan) => plan.plan.changes.length > 0);
  if (changed.length === 0) return 0;
  const withChange = (field: string) => changed.flatMap((plan) => (changeOf(plan, field) ? [{ plan, change: changeOf(plan, field)! }] : []));

  const assigned = await assignCategories(
    tx,
    withChange('categoryId').map(({ plan, change }) => ({
      id: plan.transactionId,
      categoryId: change.after as string,
      provenance: 'rule' as const,
      ruleId: ruleBehind(plan, 'categoryId'),
    })),
  );
  const byId = new Map(changed.map((plan) => [plan.transactionId, plan]));
  await recordCategorizations(
    tx,
    ctx,
    assigned.map(({ id, previousCategoryId }) => {
      const plan = byId.get(id)!;
      return { transactionId: id, categoryId: plan.plan.result.categoryId, previousCategoryId, provenance: 'rule' as const, ruleId: ruleBehind(plan, 'categoryId') };
    }),
  );

  await setNotes(tx, withChange('notes').map(({ plan, change }) => ({ id: plan.transactionId, notes: change.after as string | null })));

  const counterparties = withChange('counterparty');
  const counterpartyIds = await ensureCounterparties(tx, ctx.tenantId, counterparties.map(({ change }) => change.after as string));
  await setCounterparties(
    tx,
    counterparties.map(({ plan, change }) => {
      const name = change.after as string;
      return { id: plan.transactionId, counterpartyName: name, counterpartyId: counterpartyIds.get(name.toLowerCase())! };
    }),
  );

  const tagged = withChange('tags');
  const tagIds = await ensureTags(tx, ctx.tenantId, tagged.flatMap(({ change }) => change.after as string[]));
  await replaceTags(
    tx,
    ctx.tenantId,
    tagged.map(({ plan, change }) => ({ id: plan.transactionId, tagIds: (change.after as string[]).map((name) => tagIds.get(name.toLowerCase())!) })),
  );

  for (const { plan, change } of withChange('transferCounterpartId')) {
    const own = plan.transactionId;
    const other = change.after as string;
    const outgoing = plan.plan.result.amount.startsWith('-');
    await linkTransfer({
      ctx: inTransaction(ctx, tx),
      input: { outgoingTransactionId: outgoing ? own : other, incomingTransactionId: outgoing ? other : own },
    });
  }

  await insertRuleEvaluations(tx, evaluationRows(ctx, changed, run, ctx.clock()));
  await audit(
    tx,
    ctx,
    changed.map((plan) => ({
      type: 'TransactionRulesApplied',
      aggregateType: 'transaction',
      aggregateId: plan.transactionId,
      payload: { runId: run.runId, trigger: run.trigger, before: fieldsOf(plan.plan.changes, 'before'), after: fieldsOf(plan.plan.changes, 'after') },
    })),
  );
  return changed.length;
}
