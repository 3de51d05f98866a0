import { withTenantTx, type FinancialContext } from '../../context.ts';
import { invalidInput } from '../../errors.ts';
import { parseDate } from '../../months.ts';
import { decodeCursor, encodeCursor, UUID_PATTERN, type Page } from '../../pagination.ts';
import { listRateRows } from '../../repositories/exchangeRates.ts';
import { toExchangeRateView, type ExchangeRateView } from './view.ts';

export type ListExchangeRatesInput = { currency?: string | undefined; from?: string | undefined; to?: string | undefined; limit?: number | undefined; cursor?: string | undefined };

const DEFAULT_LIMIT = 100;

const isRateCursor = (parts: unknown[]): parts is [string, string] =>
  parts.length === 2 && typeof parts[0] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(parts[0]) && typeof parts[1] === 'string' && UUID_PATTERN.test(parts[1]);

/** The tenant's rates, newest date first, a page at a time; `currency` matches either side of a pair. */
export async function listExchangeRates({ ctx, input }: { ctx: FinancialContext; input: ListExchangeRatesInput }): Promise<Page<ExchangeRateView>> {
  const from = input.from === undefined ? undefined : parseDate('from', input.from);
  const to = input.to === undefined ? undefined : parseDate('to', input.to);
  if (from && to && to < from) throw invalidInput('to', 'to must not be before from.');
  const limit = input.limit ?? DEFAULT_LIMIT;
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, isRateCursor);
  const rows = await withTenantTx(ctx, (tx) =>
    listRateRows(tx, { currency: input.currency, from, to }, { limit: limit + 1, ...(after ? { after: { date: after[0], id: after[1] } } : {}) }),
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(toExchangeRateView), nextCursor: rows.length > limit && last ? encodeCursor([last.date, last.id]) : null };
}
