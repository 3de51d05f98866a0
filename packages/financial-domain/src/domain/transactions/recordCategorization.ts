import type { Transaction } from '@ai-service/db';
import { appendEventsFrom } from '@ai-service/outbox';
import type { FinancialContext } from '../../context.ts';
import { outbox } from '../../db/schema/core.ts';
import { categorizedEventRows, insertCategorizationAudit, type CategoryChange } from '../../repositories/categorizationRecords.ts';

export type Categorization = CategoryChange;

/**
 * Audits each category change and publishes it (`TransactionCategorized`, the change as payload)
 * through the outbox, in the caller's transaction: one statement for the events and one for the
 * audit rows, whatever the number of changes.
 */
export async function recordCategorizations(tx: Transaction, ctx: FinancialContext, categorizations: readonly Categorization[]): Promise<void> {
  if (categorizations.length === 0) return;
  const occurredAt = ctx.clock();
  await appendEventsFrom(tx, outbox, { type: 'TransactionCategorized', tenantId: ctx.tenantId, occurredAt }, categorizedEventRows(categorizations));
  await insertCategorizationAudit(tx, { tenantId: ctx.tenantId, actor: ctx.actorId, traceId: ctx.traceId ?? null, occurredAt }, categorizations);
}
