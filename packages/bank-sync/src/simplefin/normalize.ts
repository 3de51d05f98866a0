import { dateOfEpochSeconds } from '../fields.ts';
import type { SyncedRow } from '../types.ts';
import type { SimpleFinTransaction } from './schemas.ts';

function clean(text: string | null | undefined): string | null {
  const trimmed = text?.replace(/\s+/g, ' ').trim();
  return trimmed || null;
}

/**
 * One SimpleFIN transaction as an ingest row. Pending ones have `pending: true` or `posted: 0`;
 * they date from `transacted_at`, else from `today` (UTC dates throughout, as the protocol sends
 * Unix times). The id is unique within the account, so it is the external id.
 */
export function simpleFinRow(transaction: SimpleFinTransaction, currency: string | null, today: string, line: number): SyncedRow {
  const pending = transaction.pending === true || transaction.posted === 0;
  const transactedAt = transaction.transacted_at ? dateOfEpochSeconds(transaction.transacted_at) : null;
  const bookingDate = pending ? (transactedAt ?? today) : dateOfEpochSeconds(transaction.posted);
  const counterparty = clean(transaction.payee);
  return {
    line,
    externalId: transaction.id,
    bookingDate,
    valueDate: transactedAt,
    amount: transaction.amount,
    currency,
    counterparty,
    description: clean(transaction.description) ?? counterparty ?? '',
    notes: clean(transaction.memo),
    status: pending ? 'pending' : 'booked',
  };
}
