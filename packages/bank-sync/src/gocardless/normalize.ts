import { BankSyncError } from '../errors.ts';
import { isoCurrencyOrNull } from '../fields.ts';
import type { SyncedRow } from '../types.ts';
import type { GoCardlessTransaction } from './schemas.ts';

function joined(parts: Array<string | null | undefined> | null | undefined): string | null {
  const text = (parts ?? [])
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(' ');
  return text || null;
}

function clean(text: string | null | undefined): string | null {
  const trimmed = text?.replace(/\s+/g, ' ').trim();
  return trimmed || null;
}

/**
 * One GoCardless transaction as an ingest row. The counterparty is the other side: the creditor
 * of money going out, the debtor of money coming in. Pending transactions often carry no booking
 * date (the value date stands in) and no transactionId (then internalTransactionId, else none: the
 * ingest falls back to its content hash and pending→booked matching).
 */
export function goCardlessRow(transaction: GoCardlessTransaction, status: SyncedRow['status'], line: number): SyncedRow {
  const bookingDate = transaction.bookingDate ?? transaction.bookingDateTime ?? transaction.valueDate ?? transaction.valueDateTime;
  if (!bookingDate) throw new BankSyncError('invalid_response', `gocardless: ${status} transaction ${line} has neither a booking nor a value date`);
  const amount = transaction.transactionAmount.amount;
  const outgoing = amount.startsWith('-');
  const counterparty = clean(outgoing ? (transaction.creditorName ?? transaction.debtorName) : (transaction.debtorName ?? transaction.creditorName));
  const remittance =
    clean(transaction.remittanceInformationUnstructured) ??
    clean(joined(transaction.remittanceInformationUnstructuredArray)) ??
    clean(transaction.remittanceInformationStructured) ??
    clean(joined(transaction.remittanceInformationStructuredArray));
  const additional = clean(transaction.additionalInformation);
  const description = remittance ?? additional ?? counterparty ?? clean(transaction.proprietaryBankTransactionCode) ?? '';
  return {
    line,
    externalId: clean(transaction.transactionId) ?? clean(transaction.internalTransactionId),
    bookingDate,
    valueDate: transaction.valueDate ?? transaction.valueDateTime ?? null,
    amount,
    currency: isoCurrencyOrNull(transaction.transactionAmount.currency),
    counterparty,
    description,
    notes: remittance !== null && additional !== null && additional !== remittance ? additional : null,
    status,
  };
}

/** Booked first, then pending, numbered in that order. */
export function goCardlessRows(transactions: { booked: GoCardlessTransaction[]; pending: GoCardlessTransaction[] }): SyncedRow[] {
  const booked = transactions.booked.map((transaction, index) => goCardlessRow(transaction, 'booked', index + 1));
  const pending = transactions.pending.map((transaction, index) => goCardlessRow(transaction, 'pending', booked.length + index + 1));
  return [...booked, ...pending];
}
