import type { Transaction } from '@ai-service/db';
import { appendEvents } from '@ai-service/outbox';
import { audit } from '../../audit.ts';
import type { FinancialContext } from '../../context.ts';
import { outbox } from '../../db/schema/core.ts';
import type { CategoryProvenance } from '../../db/schema/ledger.ts';

export type Categorization = {
  transactionId: string;
  categoryId: string | null;
  previousCategoryId: string | null;
  provenance: CategoryProvenance;
  ruleId: string | null;
};

/** Audits each category change and publishes it (`TransactionCategorized`) through the outbox, in the caller's transaction. */
export async function recordCategorizations(tx: Transaction, ctx: FinancialContext, categorizations: readonly Categorization[]): Promise<void> {
  await appendEvents(
    tx,
    outbox,
    categorizations.map((change) => ({ type: 'TransactionCategorized' as const, tenantId: ctx.tenantId, aggregateId: change.transactionId, payload: change, occurredAt: ctx.clock() })),
  );
  await audit(
    tx,
    ctx,
    categorizations.map(({ transactionId, ...change }) => ({ type: 'TransactionCategorized', aggregateType: 'transaction', aggregateId: transactionId, payload: change })),
  );
}
