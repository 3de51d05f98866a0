import { startTradingTestDatabase } from '../../test-database.ts';
import { withTenant } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { ccxtCandleSources } from '../../exchange/ccxt-candle-source.ts';
import { ccxtConnector } from '../../exchange/ccxt/ccxt-connector.ts';
import { postgresMarketsCache } from '../../exchange/ccxt/markets-cache.ts';
import { createConnectorResolver } from '../../exchange/connector-resolver.ts';
import { liveTickerFeed } from '../../exchange/live-ticker-feed.ts';
import { fundPaperAccount } from '../../exchange/paper/fund-paper-account.ts';
import type { SessionJobData, SessionScheduler } from '../../session-jobs.ts';
import { binanceFixtureServer } from '../../testing.ts';
import { advanceDeploy } from './advance-deploy.ts';
import { deploySession } from './deploy-session.ts';
import { getSessionStatus } from './get-session-status.ts';
import { sessionPaperMarkets } from './replay-price-feed.ts';
import { requestStop } from './request-stop.ts';
import { resumeSessions } from './resume-sessions.ts';
import { runStop } from './run-stop.ts';
import { runTick } from './run-tick.ts';
import type { SessionWorkerContext } from './session-context.ts';
import { quietSagaContext } from '../orders/test-harness.ts';

/**
 * A paper session on an exchange's live prices, step by step on a real database: the test calls the
 * job functions itself (as backtest-jobs.test.ts does) with the time it chooses, and the exchange is
 * Binance's recorded responses (1h BTC/USDT candles of 2024-03-01 00:00–11:00, without 05:00).
 */

const HOUR = 3_600_000;
const DAY = Date.UTC(2024, 2, 1);

const trading = await startTradingTestDatabase();
after(trading.close);
const { db, admin } = trading;

/** What the session steps asked of the queue, in order (the test runs the jobs itself). */
function recordingScheduler(): SessionScheduler & { calls: string[] } {
  const calls: string[] = [];
  const note = (what: string) => async (session: SessionJobData | string, everyMs?: number) => {
    calls.push(`${what} ${typeof session === 'string' ? session : session.sessionId}${everyMs === undefined ? '' : ` ${everyMs}`}`);
  };
  return { calls, deploy: note('deploy'), stop: note('stop'), scheduleTicks: note('schedule'), unscheduleTicks: note('unschedule') };
}

test('a paper session on live prices: deploy resumed by the boot sweep and after an unreachable exchange, warmed up on the exchange’s closed candles, one tick per newly closed candle, a repeated tick consumes nothing twice, resumed, stopped', async () => {
  const exchange = binanceFixtureServer({ pageLimit: 1000 });
  let now = new Date(DAY + 8 * HOUR + 30 * 60_000);
  const clock = () => now;
  const scheduler = recordingScheduler();
  const marketsCache = postgresMarketsCache({ db });
  const ticker = liveTickerFeed(ccxtConnector({ exchange: 'binance', sandbox: false, marketsCache, fetchImplementation: exchange.fetch }));
  const connectors = createConnectorResolver({ db, secretsKey: undefined, feedFor: (venue) => sessionPaperMarkets(db, venue, () => ticker) });
  const ctx: SessionWorkerContext = {
    db,
    clock,
    traceId: undefined,
    connectors,
    scheduler,
    candleSources: ccxtCandleSources({ fetchImplementation: exchange.fetch }),
    fundPaperAccount: (input) => fundPaperAccount({ db, ...input }),
    saga: quietSagaContext({ db, clock, connectors }),
    replayTickMs: 1_000,
    liveTickMs: 60_000,
  };
  const tenantId = randomUUID();
  const user = { ...ctx, tenantId, actorId: randomUUID(), permissions: ['trading:trade'], sessionJobs: scheduler };

  const deployed = await deploySession({
    ctx: user,
    input: { strategy: 'sma-crossover', parameters: { fast: 2, slow: 3 }, exchange: 'binance', symbols: ['BTC/USDT'], timeframe: '1h', mode: 'paper', capital: '1000' },
  });
  assert.equal(deployed.priceSource, 'live');
  assert.deepEqual(scheduler.calls, [`deploy ${deployed.id}`]);
  const input = { tenantId, sessionId: deployed.id };

  // The deploy's enqueue lost (a crash after the commit): the boot sweep enqueues it again.
  assert.deepEqual(await resumeSessions({ ctx, owner: drizzle(admin) }), { deployed: 1, stopped: 0, resumed: 0, failed: [] });
  assert.equal(scheduler.calls.at(-1), `deploy ${deployed.id}`);
  // The exchange unreachable while warming up: the deploy fails to be retried, the session waits in Analyzing...
  exchange.failNext('unavailable');
  await assert.rejects(advanceDeploy({ ctx, input }), (error: Error & { code?: string }) => error.code === 'exchange_unavailable');
  assert.equal((await getSessionStatus({ ctx: user, input: { sessionId: deployed.id } })).state, 'Analyzing');
  // ...which a restart's sweep hands to deploy again, and deploy continues from there.
  assert.deepEqual(await resumeSessions({ ctx, owner: drizzle(admin) }), { deployed: 1, stopped: 0, resumed: 0, failed: [] });
  assert.equal(await advanceDeploy({ ctx, input }), 'live');
  const live = await getSessionStatus({ ctx: user, input: { sessionId: deployed.id } });
  assert.deepEqual(
    live.transitions.map((transition) => [transition.to, transition.reason]),
    [
      ['Idle', 'deployed'],
      ['Analyzing', 'deploy started'],
      // 00:00 to 07:00 closed by 08:30, without the missing 05:00.
      ['Preparing', 'warmed up on 7 candles'],
      ['Live', 'trading'],
    ],
  );
  assert.equal(live.lastCandleTime?.getTime(), DAY + 7 * HOUR);
  assert.deepEqual(live.balances, [{ asset: 'USDT', free: '1000', reserved: '0' }]);
  assert.equal((await connectors({ ...input, exchange: 'binance', mode: 'paper' })).exchange, 'paper');
  assert.equal((await (await connectors({ ...input, exchange: 'binance', mode: 'paper' })).fetchBalance())['USDT']?.free, '1000', 'the paper account holds the capital');
  assert.equal(scheduler.calls.at(-1), `schedule ${deployed.id} 60000`);
  assert.equal(await advanceDeploy({ ctx, input }), 'live', 'a repeated deploy changes nothing');
  assert.equal((await getSessionStatus({ ctx: user, input: { sessionId: deployed.id } })).transitions.length, 4);

  // 08:00 has not closed at 08:30; at 09:30 it has.
  assert.equal((await runTick({ ctx, input })).consumed, null);
  now = new Date(DAY + 9 * HOUR + 30 * 60_000);
  // Two deliveries of the tick at once: the session row serializes them, the candle is consumed once.
  const [first, second] = await Promise.all([runTick({ ctx, input }), runTick({ ctx, input })]);
  assert.deepEqual([first.consumed, second.consumed].sort(), [DAY + 8 * HOUR, null].sort());
  now = new Date(DAY + 11 * HOUR + 30 * 60_000);
  assert.equal((await runTick({ ctx, input })).consumed, DAY + 9 * HOUR, 'one candle per tick, oldest first');
  assert.equal((await runTick({ ctx, input })).consumed, DAY + 10 * HOUR);
  assert.equal((await runTick({ ctx, input })).consumed, null);
  const ticked = await getSessionStatus({ ctx: user, input: { sessionId: deployed.id } });
  assert.equal(ticked.ticks, 3);
  assert.equal(ticked.lastCandleTime?.getTime(), DAY + 10 * HOUR);
  const stored = await withTenant(db, tenantId, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from trading.candles where symbol = 'BTC/USDT'`));
  assert.equal(stored.rows[0]?.n, 10, 'the fetched candles are stored: 00:00–10:00 without 05:00');

  const resumed = await resumeSessions({ ctx, owner: drizzle(admin) });
  assert.deepEqual(resumed, { deployed: 0, stopped: 0, resumed: 1, failed: [] });
  assert.equal(scheduler.calls.at(-1), `schedule ${deployed.id} 60000`);

  await requestStop({ ctx: user, input: { sessionId: deployed.id } });
  assert.equal((await runTick({ ctx, input })).consumed, null, 'a session whose stop was asked does not trade');
  assert.deepEqual(await resumeSessions({ ctx, owner: drizzle(admin) }), { deployed: 0, stopped: 1, resumed: 0, failed: [] }, 'the sweep re-enqueues the stop');
  assert.equal((await runStop({ ctx, input })).stopped, true);
  assert.equal((await runStop({ ctx, input })).stopped, false, 'a repeated stop has no second effect');
  const stopped = await getSessionStatus({ ctx: user, input: { sessionId: deployed.id } });
  assert.deepEqual(stopped.transitions.at(-1), { ...stopped.transitions.at(-1)!, from: 'Live', to: 'Stopped', reason: 'stopped on request' });
  assert.ok(scheduler.calls.includes(`unschedule ${deployed.id}`));
  await failedDeployOnFinalAttempt(ctx, user, exchange);
  assert.deepEqual(exchange.unexpected, []);
});

/** On the deploy job's last attempt an unreachable exchange is final: the session moves to Error with the reason. */
async function failedDeployOnFinalAttempt(ctx: SessionWorkerContext, user: Parameters<typeof deploySession>[0]['ctx'], exchange: ReturnType<typeof binanceFixtureServer>): Promise<void> {
  const session = await deploySession({
    ctx: user,
    input: { strategy: 'ema-crossover', exchange: 'binance', symbols: ['BTC/USDT'], timeframe: '1h', mode: 'paper', capital: '50' },
  });
  exchange.failNext('unavailable');
  assert.equal(await advanceDeploy({ ctx, input: { tenantId: user.tenantId, sessionId: session.id, finalAttempt: true } }), 'error');
  const failed = await getSessionStatus({ ctx: user, input: { sessionId: session.id } });
  assert.equal(failed.state, 'Error');
  assert.match(failed.stateReason ?? '', /unreachable/);
}
