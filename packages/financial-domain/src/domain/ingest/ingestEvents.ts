import type { EventPayload } from '@ai-service/contracts/events';
import type { NewEvent } from '@ai-service/outbox';
import type { FinancialContext } from '../../context.ts';
import type { TransactionSource, TransactionStatus } from '../../db/schema/ledger.ts';

/** A created or newly booked transaction as its TransactionSynced tells it: the bank's view of it. */
export type SyncedRow = {
  id: string;
  externalId: string | null;
  contentHash: string | null;
  bookingDate: string;
  amount: string;
  currency: string;
  description: string;
  counterpartyName: string | null;
  status: TransactionStatus;
};

/** Ingested transactions come from imports and bank syncs (and manual entry); trades are booked apart (domain/trades). */
export type IngestSource = Exclude<TransactionSource, 'trading'>;

export function transactionSyncedEvents(ctx: FinancialContext, accountId: string, source: IngestSource, rows: readonly SyncedRow[]): NewEvent<'TransactionSynced'>[] {
  const occurredAt = ctx.clock();
  return rows.map((row) => ({
    type: 'TransactionSynced',
    tenantId: ctx.tenantId,
    aggregateId: row.id,
    occurredAt,
    payload: {
      transactionId: row.id,
      accountId,
      // Rows without the bank's id are known by their content hash, just as stable.
      externalId: row.externalId ?? row.contentHash ?? row.id,
      bookingDate: row.bookingDate,
      amount: { amount: row.amount, currency: row.currency },
      description: row.description,
      counterparty: row.counterpartyName,
      status: row.status,
      source,
    },
  }));
}

export function statementImportedEvent(ctx: FinancialContext, payload: EventPayload<'StatementImported'>): NewEvent<'StatementImported'> {
  return { type: 'StatementImported', tenantId: ctx.tenantId, aggregateId: payload.importId, occurredAt: ctx.clock(), payload };
}
