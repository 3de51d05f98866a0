import { withTenant } from '@ai-service/db';
import type { Candle } from '@ai-service/trading';
import type { TenantContext } from '../context.ts';
import { listCandlesPage } from '../repositories/candles.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { parseSeriesKey } from './series-key.ts';

export type ListCandlesInput = {
  exchange: string;
  symbol: string;
  timeframe: string;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
};

export type CandlePage = { items: Candle[]; nextCursor: string | null };

const readTime = ([time]: unknown[]) => (typeof time === 'number' && Number.isSafeInteger(time) ? time : undefined);

/** Candles of one series with open time in [from, to), oldest first, by keyset pages. */
export async function listCandles({ ctx, input }: { ctx: TenantContext; input: ListCandlesInput }): Promise<CandlePage> {
  const series = parseSeriesKey(input);
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, readTime);
  const range = { from: input.from ? new Date(input.from) : undefined, to: input.to ? new Date(input.to) : undefined };
  const page = await withTenant(ctx.db, ctx.tenantId, (tx) => listCandlesPage(tx, series, range, input.limit, after));
  const last = page.rows.at(-1);
  return { items: page.rows, nextCursor: page.more && last ? encodeCursor([last.time]) : null };
}
