import { withTenant } from '@ai-service/db';
import { candleSeries, runBacktest, type Candle } from '@ai-service/trading';
import { drizzle } from 'drizzle-orm/node-postgres';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { createConnectorResolver } from '../../exchange/connector-resolver.ts';
import { fundPaperAccount } from '../../exchange/paper/fund-paper-account.ts';
import { runOrderSaga } from '../../index.ts';
import { insertCandles } from '../../repositories/candles.ts';
import { findSession } from '../../repositories/sessions.ts';
import type { SessionJobData, SessionScheduler } from '../../session-jobs.ts';
import { startTradingTestDatabase } from '../../test-database.ts';
import { advanceDeploy } from './advance-deploy.ts';
import { deploySession } from './deploy-session.ts';
import { getSessionStatus } from './get-session-status.ts';
import { sessionPaperMarkets } from './replay-price-feed.ts';
import { resumeSessions } from './resume-sessions.ts';
import { runTick } from './run-tick.ts';
import { priceText } from './session-candles.ts';
import type { SessionWorkerContext } from './session-context.ts';
import { quietSagaContext } from '../orders/test-harness.ts';

/**
 * The strategy's trailing stop in a replayed paper session, step by step on a real database (the
 * test runs the tick job and the order saga itself), against the backtester on the same candles.
 */

const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);
const WARMUP = 20;
const PARAMETERS = { fast: 3, slow: 10, trailingStop: 0.05 };
/** Falling for the warm-up, up 2 % a candle for ten candles (an SMA 3/10 crossover enters), a drop of 8 % (below the trailing stop, not yet a crossover), then drifting down. */
const MOVES = [...Array<number>(WARMUP).fill(0.99), ...Array<number>(10).fill(1.02), 0.92, 0.99, 0.99, 1.01, 0.99, 0.98, 0.98, 0.98, 0.98, 0.98];
/** The candle whose high is the highest since the entry, and the one that falls through the trailing stop. */
const PEAK = WARMUP + 9;
const DROP = WARMUP + 10;

function movingCandles(): Candle[] {
  const candles: Candle[] = [];
  let price = 100;
  MOVES.forEach((move, index) => {
    const next = price * move;
    candles.push({ time: START + index * HOUR, open: price, high: Math.max(price, next) * 1.001, low: Math.min(price, next) * 0.999, close: next, volume: 10 });
    price = next;
  });
  return candles;
}

const CANDLES = movingCandles();
const hourOf = (time: number) => (time - START) / HOUR;

const trading = await startTradingTestDatabase();
after(trading.close);
const { db, admin } = trading;

const noQueue: SessionScheduler = { deploy: async () => undefined, stop: async () => undefined, scheduleTicks: async () => undefined, unscheduleTicks: async () => undefined };

/** What a worker-trading process hands the session steps; a new one is a restarted worker (nothing shared but the database). */
function workerContext(): SessionWorkerContext {
  const clock = () => new Date(START + MOVES.length * HOUR);
  const connectors = createConnectorResolver({
    db,
    secretsKey: undefined,
    feedFor: (venue) =>
      sessionPaperMarkets(db, venue, () => {
        throw new Error('a replay needs no live prices');
      }),
  });
  return {
    db,
    clock,
    traceId: undefined,
    connectors,
    scheduler: noQueue,
    candleSources: () => {
      throw new Error('a replay fetches no candles');
    },
    fundPaperAccount: (input) => fundPaperAccount({ db, ...input }),
    saga: quietSagaContext({ db, clock, connectors }),
    replayTickMs: 1_000,
    liveTickMs: 60_000,
  };
}

/** A replay session on the candles, deployed to Live. */
async function liveSession(ctx: SessionWorkerContext): Promise<{ user: Parameters<typeof deploySession>[0]['ctx']; input: SessionJobData }> {
  const tenantId = randomUUID();
  await withTenant(db, tenantId, (tx) => insertCandles(tx, tenantId, { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' }, CANDLES));
  const user = { ...ctx, tenantId, actorId: randomUUID(), permissions: ['trading:trade'], sessionJobs: noQueue };
  const replay = { from: new Date(START + WARMUP * HOUR).toISOString(), to: new Date(START + MOVES.length * HOUR).toISOString() };
  const deployed = await deploySession({
    ctx: user,
    input: { strategy: 'sma-crossover', parameters: PARAMETERS, exchange: 'binance', symbols: ['BTC/USDT'], timeframe: '1h', mode: 'paper', capital: '10000', replay },
  });
  const input = { tenantId, sessionId: deployed.id };
  assert.equal(await advanceDeploy({ ctx, input }), 'live');
  return { user, input };
}

/**
 * Ticks until the replay is consumed (or `until`'s candle), each tick's orders driven through the
 * saga before the next tick (the paper exchange fills them at the close just consumed).
 * Returns the open time of the candle each order was decided on, by order id.
 */
async function tickThrough(ctx: SessionWorkerContext, input: SessionJobData, until = Number.POSITIVE_INFINITY): Promise<Map<string, number>> {
  const decided = new Map<string, number>();
  for (;;) {
    const outcome = await runTick({ ctx, input });
    if (outcome.consumed === null) return decided;
    for (const orderId of outcome.orders) {
      decided.set(orderId, outcome.consumed);
      assert.equal((await runOrderSaga({ ctx: { ...ctx.saga, traceId: undefined }, input: { tenantId: input.tenantId, orderId } })).state, 'filled');
    }
    if (outcome.consumed >= until) return decided;
  }
}

const backtest = () => runBacktest({ series: candleSeries(CANDLES), strategy: 'sma-crossover', parameters: PARAMETERS, initialCapital: 10_000, fee: 0.001, slippage: 0, timeframe: '1h' });

test('a paper session sells on the candle that falls through the trailing stop, names it in its history, and trades as the backtester does', async () => {
  const ctx = workerContext();
  const { user, input } = await liveSession(ctx);
  const decided = [...(await tickThrough(ctx, input)).values()].map(hourOf);
  assert.deepEqual(decided, [WARMUP + 2, DROP], 'entered on the crossover, sold on the drop (a signal would only sell three candles later)');

  const status = await getSessionStatus({ ctx: user, input: { sessionId: input.sessionId } });
  const reason = `flat after BTC/USDT trailing-stop on the ${new Date(CANDLES[DROP]!.time).toISOString()} candle`;
  assert.deepEqual(
    status.transitions.slice(-2).map((transition) => [transition.to, transition.reason]),
    [
      ['Monitoring', 'position open'],
      ['Live', reason],
    ],
  );
  assert.equal(status.stateReason, reason);
  assert.deepEqual(status.positions.map((position) => position.quantity), ['0']);
  const row = await withTenant(db, input.tenantId, (tx) => findSession(tx, input.sessionId));
  assert.deepEqual(row?.positionMarks, {}, 'flat: the highest is cleared and the exit reported');

  // The backtester fills a decision at the next candle's open and a level inside the candle that reaches it.
  const trades = backtest().trades.map((trade) => ({ entry: hourOf(trade.entryTime), exit: hourOf(trade.exitTime), reason: trade.exitReason }));
  assert.deepEqual(trades, [{ entry: WARMUP + 3, exit: DROP, reason: 'trailing-stop' }], 'the same trade in the backtester');
});

test('a worker restarted between the high and the drop follows the highest price kept in the session row', async () => {
  const first = workerContext();
  const { user, input } = await liveSession(first);
  const before = [...(await tickThrough(first, input, CANDLES[PEAK]!.time)).values()].map(hourOf);
  assert.deepEqual(before, [WARMUP + 2]);
  const row = await withTenant(db, input.tenantId, (tx) => findSession(tx, input.sessionId));
  assert.deepEqual(row?.positionMarks, { 'BTC/USDT': { highest: priceText(CANDLES[PEAK]!.high), exits: [] } });

  const restarted = workerContext();
  const resumed = await resumeSessions({ ctx: restarted, owner: drizzle(admin) });
  assert.deepEqual(resumed.failed, []);
  const afterRestart = [...(await tickThrough(restarted, input)).values()].map(hourOf);
  assert.deepEqual(afterRestart, [DROP], 'sold on the drop by the restarted worker');
  const status = await getSessionStatus({ ctx: user, input: { sessionId: input.sessionId } });
  assert.match(status.transitions.at(-1)?.reason ?? '', /^flat after BTC\/USDT trailing-stop/);
});
