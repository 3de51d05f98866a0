import { decimal, decimalToString } from '@ai-service/money';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { decodeCursor, encodeCursor, UUID_PATTERN, type Page } from '../../pagination.ts';
import { listTransactionPage, type TransactionCursor, type TransactionFilter } from '../../repositories/transactions.ts';
import { transactionViews, type TransactionView } from './view.ts';

export type ListTransactionsInput = TransactionFilter & { limit?: number | undefined; cursor?: string | undefined };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isCursor = (parts: unknown[]): parts is unknown[] & TransactionCursor =>
  parts.length === 2 && typeof parts[0] === 'string' && DATE.test(parts[0]) && typeof parts[1] === 'string' && UUID_PATTERN.test(parts[1]);

const canonical = (amount: string | undefined) => (amount === undefined ? undefined : decimalToString(decimal(amount)));

/** Live transactions matching every given filter, newest booking date first, by keyset pages over (booking date, id). */
export async function listTransactions({ ctx, input }: { ctx: FinancialContext; input: ListTransactionsInput }): Promise<Page<TransactionView>> {
  const { limit = 50, cursor, ...filter } = input;
  const after = cursor === undefined ? undefined : decodeCursor(cursor, isCursor);
  return withTenantTx(ctx, async (tx) => {
    const page = await listTransactionPage(tx, { ...filter, minAmount: canonical(filter.minAmount), maxAmount: canonical(filter.maxAmount) }, limit, after);
    const last = page.rows.at(-1);
    return { items: await transactionViews(tx, page.rows), nextCursor: page.more && last ? encodeCursor([last.bookingDate, last.id]) : null };
  });
}
