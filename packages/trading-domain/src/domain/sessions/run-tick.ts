import { withTenant, type Transaction } from '@ai-service/db';
import { decimal, roundDecimal, sumDecimals } from '@ai-service/money';
import { candleSeries, createStrategy, createStrategyCursor, type Candle, type Signal, type Strategy, type StrategyName } from '@ai-service/trading';
import { isTradingDomainError } from '../../errors.ts';
import { listSessionOrders, positionPnl, requestOrder, sessionBalances, sessionPositions, type PositionView } from '../../index.ts';
import { loadCandles } from '../../repositories/candles.ts';
import { findSession, updateSession, type SessionRow } from '../../repositories/sessions.ts';
import type { SessionJobData } from '../../session-jobs.ts';
import { failSession } from './fail-session.ts';
import { compactMarks, flatReason, markCandle, withoutExits } from './position-marks.ts';
import { fetchClosedCandles, nextCandles, priceText, seriesOf, signalOrderId, stepOf, WARMUP_CANDLES } from './session-candles.ts';
import type { SessionWorkerContext } from './session-context.ts';
import { transitionSession } from './transition-session.ts';

/**
 * `consumed`: open time of the candle consumed (null: none this tick). `pnl`: the session's net PnL
 * (realized + unrealized − fees, in the quote asset) marked at the consumed closes, before the
 * orders of this tick fill.
 */
export type TickOutcome = { consumed: number | null; orders: string[]; state: string | null; pnl: string | null };

/** Share of the free quote an entry leaves aside, so the fee and the move to the fill price still fit the reservation. */
const ENTRY_MARGIN = '0.98';
/** Most candles a tick replays to rebuild a strategy's indicators (twice the warm-up). */
const HISTORY_CANDLES = 2 * WARMUP_CANDLES;
/** Decimal places of a computed order quantity (rounded down). */
const QUANTITY_PLACES = 8;

/**
 * The `tick` job: consumes the session's next closed candle(s), runs the strategy on it and turns
 * its signal into an order through the saga (requestOrder), in the transaction that advances the
 * session's cursor. The cursor and the order id (derived from session, symbol and candle) make a
 * redelivered tick harmless. An open position is also tested against the strategy's stop-loss,
 * take-profit and trailing stop (position-marks.ts; the highest price since entry is kept in the
 * row). Live ⇄ Monitoring follows whether a position is open. A session that is no longer Live or
 * Monitoring unschedules its ticks.
 */
export async function runTick({ ctx, input }: { ctx: SessionWorkerContext; input: SessionJobData }): Promise<TickOutcome> {
  try {
    const read = await withTenant(ctx.db, input.tenantId, (tx) => findSession(tx, input.sessionId));
    if (read?.priceSource === 'live' && (read.state === 'Live' || read.state === 'Monitoring')) await fetchClosedCandles(ctx.db, read, ctx.candleSources, ctx.clock());
    const outcome = await withTenant(ctx.db, input.tenantId, async (tx) => {
      const session = await findSession(tx, input.sessionId, { forUpdate: true });
      if (!session || (session.state !== 'Live' && session.state !== 'Monitoring')) return null;
      if (session.stopRequestedAt) return { consumed: null, orders: [], state: session.state, pnl: null };
      return tick(ctx, tx, session);
    });
    if (outcome === null) {
      await ctx.scheduler.unscheduleTicks(input.sessionId);
      return { consumed: null, orders: [], state: null, pnl: null };
    }
    return outcome;
  } catch (error) {
    if (isTradingDomainError(error, 'exchange_unavailable')) throw error;
    await failSession(ctx, input, error);
    return { consumed: null, orders: [], state: 'Error', pnl: null };
  }
}

async function tick(ctx: SessionWorkerContext, tx: Transaction, session: SessionRow): Promise<TickOutcome> {
  const now = ctx.clock();
  const scope = { ctx: { ...ctx, tx }, input: { tenantId: session.tenantId, sessionId: session.id } };
  const positions = new Map((await sessionPositions(scope)).map((position) => [position.symbol, position]));
  const next = await nextCandles(tx, session, now);
  if (!next) {
    await updateSession(tx, session.id, { lastTickAt: now }, now);
    return { consumed: null, orders: [], state: session.state, pnl: netPnl(positions.values(), session.lastPrices) };
  }
  const pending = new Set((await listSessionOrders({ ...scope, input: { ...scope.input, open: true } })).map((order) => order.symbol));
  const lastPrices = { ...session.lastPrices };
  const marks = { ...session.positionMarks };
  const orders: string[] = [];
  for (const [symbol, candle] of next.candles) {
    lastPrices[symbol] = { price: priceText(candle.close), time: candle.time };
    // One order in flight per symbol: until the saga settles it, the symbol's candles pass without a decision.
    if (pending.has(symbol)) continue;
    const position = openPosition(positions.get(symbol));
    const { strategy, signal } = await decide(tx, session, symbol, candle, position);
    const { mark, exit } = markCandle(marks[symbol], position, candle, strategy.risk);
    marks[symbol] = mark;
    const order = await orderFor(scope, session, { symbol, candle, position, positionSize: strategy.positionSize }, exit ? 'exit' : signal);
    if (order) orders.push(order);
  }
  const changes = { lastCandleTime: new Date(next.time), lastPrices, positionMarks: compactMarks(marks), lastTickAt: now, ticks: session.ticks + 1 };
  const inPosition = [...positions.values()].some((position) => openPosition(position) !== null);
  let updated: SessionRow;
  if (session.state === 'Live' && inPosition) updated = await transitionSession(tx, ctx, session, 'Monitoring', 'position open', changes);
  else if (session.state === 'Monitoring' && !inPosition) {
    updated = await transitionSession(tx, ctx, session, 'Live', flatReason(marks), { ...changes, positionMarks: withoutExits(marks) });
  } else updated = await updateSession(tx, session.id, changes, now);
  return { consumed: next.time, orders, state: updated.state, pnl: netPnl(positions.values(), lastPrices) };
}

const netPnl = (positions: Iterable<PositionView>, prices: SessionRow['lastPrices']): string =>
  sumDecimals([...positions].map((position) => positionPnl(position, prices[position.symbol]?.price ?? null).net));

const openPosition = (position: PositionView | undefined): PositionView | null => (position && decimal(position.quantity).gt(0) ? position : null);

/**
 * Rebuilds the strategy on the symbol's stored history (its indicators are not stored) and asks it
 * about the new candle. The history starts at the warm-up, or HISTORY_CANDLES back for a long
 * session, so a tick's cost stays bounded; it depends only on stored candles, so a restarted
 * worker decides as the crashed one would have.
 */
async function decide(tx: Transaction, session: SessionRow, symbol: string, candle: Candle, position: PositionView | null): Promise<{ strategy: Strategy; signal: Signal }> {
  const from = Math.max(session.warmupFrom?.getTime() ?? candle.time, candle.time - HISTORY_CANDLES * stepOf(session));
  const history = await loadCandles(tx, seriesOf(session, symbol), { from: new Date(from), to: new Date(candle.time + 1) });
  const strategy = createStrategy(session.strategy as StrategyName, session.parameters);
  const cursor = createStrategyCursor(candleSeries(history));
  const last = history.length - 1;
  let signal: Signal = 'hold';
  for (let index = 0; index <= last; index++) {
    const current = index === last && position !== null;
    cursor.moveTo(index, { inPosition: current, entryPrice: current ? Number(position.averageEntryPrice) : Number.NaN });
    signal = strategy.onCandle(cursor.context);
  }
  return { strategy, signal };
}

type Scope = { ctx: SessionWorkerContext & { tx: Transaction }; input: { tenantId: string; sessionId: string } };

type Market = { symbol: string; candle: Candle; position: PositionView | null; positionSize: number };

async function orderFor(scope: Scope, session: SessionRow, { symbol, candle, position, positionSize }: Market, signal: Signal): Promise<string | null> {
  const base = { tenantId: session.tenantId, sessionId: session.id, exchange: session.exchange, mode: session.mode, symbol, type: 'market' as const, limitPrice: null };
  const orderId = signalOrderId(session.id, symbol, candle.time);
  if (signal === 'exit') {
    if (!position) return null;
    await requestOrder({ ctx: scope.ctx, input: { ...base, side: 'sell', quantity: position.quantity, orderId } });
    return orderId;
  }
  if (signal === 'hold' || position) return null;
  const fraction = signal === 'enter-long' ? positionSize : signal.fraction;
  const free = (await sessionBalances(scope)).find((balance) => balance.asset === session.quoteAsset)?.free ?? '0';
  const quantity = roundDecimal(decimal(free).times(fraction).times(ENTRY_MARGIN).div(decimal(priceText(candle.close))), QUANTITY_PLACES, 'down');
  if (!decimal(quantity).gt(0)) return null;
  await requestOrder({ ctx: scope.ctx, input: { ...base, side: 'buy', quantity, orderId } });
  return orderId;
}
