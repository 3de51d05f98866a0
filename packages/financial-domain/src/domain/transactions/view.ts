import type { Transaction } from '@ai-service/db';
import { formatMoney } from '../../money.ts';
import { loadTransactionDetails, type TransactionDetails, type TransactionRow } from '../../repositories/transactions.ts';

export type TransactionSplitView = { id: string; amount: string; categoryId: string | null; description: string | null };

export type TransactionView = {
  id: string;
  accountId: string;
  bookingDate: string;
  valueDate: string | null;
  amount: string;
  currency: string;
  originalAmount: string | null;
  originalCurrency: string | null;
  counterpartyId: string | null;
  counterpartyName: string | null;
  description: string;
  notes: string | null;
  categoryId: string | null;
  categoryProvenance: TransactionRow['categoryProvenance'];
  categoryRuleId: string | null;
  status: TransactionRow['status'];
  externalId: string | null;
  source: TransactionRow['source'];
  importId: string | null;
  transferId: string | null;
  tagIds: string[];
  splits: TransactionSplitView[];
  createdAt: Date;
  updatedAt: Date;
};

export function toTransactionView(row: TransactionRow, details: TransactionDetails): TransactionView {
  return {
    id: row.id,
    accountId: row.accountId,
    bookingDate: row.bookingDate,
    valueDate: row.valueDate,
    amount: formatMoney(row.amount, row.currency),
    currency: row.currency,
    originalAmount: row.originalAmount !== null && row.originalCurrency !== null ? formatMoney(row.originalAmount, row.originalCurrency) : null,
    originalCurrency: row.originalCurrency,
    counterpartyId: row.counterpartyId,
    counterpartyName: row.counterpartyName,
    description: row.description,
    notes: row.notes,
    categoryId: row.categoryId,
    categoryProvenance: row.categoryProvenance,
    categoryRuleId: row.categoryRuleId,
    status: row.status,
    externalId: row.externalId,
    source: row.source,
    importId: row.importId,
    transferId: row.transferId,
    tagIds: details.tagIds,
    splits: details.splits.map((split) => ({
      id: split.id,
      amount: formatMoney(split.amount, row.currency),
      categoryId: split.categoryId,
      description: split.description,
    })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Views of the rows with their tags and splits, in the rows' order. */
export async function transactionViews(tx: Transaction, rows: readonly TransactionRow[]): Promise<TransactionView[]> {
  const details = await loadTransactionDetails(
    tx,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toTransactionView(row, details.get(row.id)!));
}

export async function transactionView(tx: Transaction, row: TransactionRow): Promise<TransactionView> {
  return (await transactionViews(tx, [row]))[0]!;
}
