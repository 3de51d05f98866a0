import { withTenant, type Database, type Transaction } from '@ai-service/db';
import { decimal, decimalToString } from '@ai-service/money';
import { timeframeMs, type Candle, type Timeframe } from '@ai-service/trading';
import { createHash } from 'node:crypto';
import type { CandleSources } from '../../exchange/candle-source.ts';
import { insertCandles, loadCandles } from '../../repositories/candles.ts';
import type { SessionRow } from '../../repositories/sessions.ts';

/** Candles a strategy is warmed up on before its first tick. */
export const WARMUP_CANDLES = 500;
/** Most candles one fetch of a live-price session asks for (a warm-up, or a tick catching up). */
const CATCH_UP_CANDLES = WARMUP_CANDLES + 1;

export const seriesOf = (session: SessionRow, symbol: string) => ({ exchange: session.exchange, symbol, timeframe: session.timeframe });

export const stepOf = (session: SessionRow) => timeframeMs(session.timeframe as Timeframe);

/** A candle price (float64 as stored) as a decimal string; prices stay far below 1e21, so toFixed never uses an exponent. */
export const priceText = (value: number): string => decimalToString(decimal(value.toFixed(12)));

/**
 * The next closed candle of each symbol after the session's cursor, among the stored ones: a replay
 * takes the next candle of its range (one per tick); live prices the earliest candle closed by `now`
 * (fetchClosedCandles stored them before). The earliest open time among the symbols is consumed.
 */
export async function nextCandles(tx: Transaction, session: SessionRow, now: Date): Promise<{ time: number; candles: Map<string, Candle> } | null> {
  const step = stepOf(session);
  const after = cursorAfter(session, now);
  const found = new Map<string, Candle>();
  for (const symbol of session.symbols) {
    const to = session.priceSource === 'replay' ? session.replayTo! : now;
    const [candle] = await loadCandles(tx, seriesOf(session, symbol), { from: new Date(after), to });
    if (candle && (session.priceSource === 'replay' || candle.time + step <= now.getTime())) found.set(symbol, candle);
  }
  const time = Math.min(...[...found.values()].map((candle) => candle.time));
  if (!Number.isFinite(time)) return null;
  for (const [symbol, candle] of found) if (candle.time !== time) found.delete(symbol);
  return { time, candles: found };
}

/** Open time of the first candle after the cursor (the replay's start, or now, before any). */
const cursorAfter = (session: SessionRow, now: Date): number =>
  session.lastCandleTime ? session.lastCandleTime.getTime() + stepOf(session) : (session.replayFrom ?? now).getTime();

/**
 * A live-price session's candles closed at the exchange since `since` (its cursor, or the warm-up
 * start), fetched outside any transaction (an exchange call must not hold the session row) and
 * stored in one; candles already stored are kept as they are.
 */
export async function fetchClosedCandles(db: Database, session: SessionRow, sources: CandleSources, now: Date, since: number = cursorAfter(session, now)): Promise<void> {
  const step = stepOf(session);
  const fetched = new Map<string, Candle[]>();
  for (const symbol of session.symbols) {
    const page = await sources(session.exchange).fetchOHLCV(symbol, session.timeframe as Timeframe, since, CATCH_UP_CANDLES);
    fetched.set(symbol, page.filter((candle) => candle.time >= since && candle.time + step <= now.getTime()));
  }
  await withTenant(db, session.tenantId, async (tx) => {
    for (const [symbol, closed] of fetched) if (closed.length > 0) await insertCandles(tx, session.tenantId, seriesOf(session, symbol), closed);
  });
}

/** Open time of the first warm-up candle before `start`. */
export const warmupStart = (session: SessionRow, start: Date): number => start.getTime() - WARMUP_CANDLES * stepOf(session);

/**
 * The order id of a signal: the same session, symbol and candle always give the same id, so a tick
 * redelivered after its transaction committed cannot request a second order (requestOrder returns
 * the first). A UUID built from a SHA-256 of the key (version 8, RFC 9562's custom layout).
 */
export function signalOrderId(sessionId: string, symbol: string, candleTime: number): string {
  const hex = createHash('sha256').update(`${sessionId}|${symbol}|${candleTime}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
