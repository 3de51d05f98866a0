import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { WatchScheduler } from '../arbitrage-jobs.ts';
import { isTradingDomainError } from '../errors.ts';
import { publicConnectors } from '../exchange/public-connectors.ts';
import { startTradingTestDatabase } from '../test-database.ts';
import { binanceFixtureServer } from '../testing.ts';
import { createArbitrageWatch } from './create-arbitrage-watch.ts';
import { getArbitrageExecution } from './executions/get-arbitrage-execution.ts';
import { arbitrageWorld, type LegSetup } from './executions/test-harness.ts';
import { runWatchScan } from './run-watch-scan.ts';
import type { CreateWatchInput } from './types.ts';
import { updateArbitrageWatch } from './update-arbitrage-watch.ts';

/** A watch that executes what it records (recorded Binance and Binance.US books: buy on Binance, sell on Binance.US). */

const trading = await startTradingTestDatabase();
after(trading.close);
const { db, admin } = trading;

const CHEAP: LegSetup = { exchange: 'binance', price: '50000', funds: { USDT: '10000' } };
const DEAR: LegSetup = { exchange: 'binanceus', price: '50500', funds: { BTC: '1' } };

const noScheduler: WatchScheduler = { schedule: async () => undefined, unschedule: async () => undefined };

async function setup(legs: { cheap?: Partial<LegSetup>; dear?: Partial<LegSetup> } = {}, permissions: string[] = ['trading:trade']) {
  const world = await arbitrageWorld(db, { cheap: { ...CHEAP, ...legs.cheap }, dear: { ...DEAR, ...legs.dear } });
  const base = { db, clock: () => new Date('2024-03-01T01:00:00Z'), traceId: undefined, connectorFor: publicConnectors({ db, fetchImplementation: binanceFixtureServer().fetch }), watchScheduler: noScheduler };
  const user = { ...base, tenantId: world.tenantId, actorId: 'user-1', permissions };
  const watchInput = (autoExecute: CreateWatchInput['autoExecute']): CreateWatchInput => ({ symbol: 'BTC/USDT', exchanges: ['binance', 'binanceus'], threshold: '0.0005', autoExecute });
  const sessions = { binance: world.sessions.cheap, binanceus: world.sessions.dear };
  return { world, worker: base, user, watchInput, sessions };
}

async function rejects(promise: Promise<unknown>, code: string, field: string) {
  await assert.rejects(promise, (error: unknown) => isTradingDomainError(error, code as never) && error.errors[0]?.field === field);
}

test('a scan executes each opportunity it records (up to maxQuantity) through the saga; off again with autoExecute: null', async () => {
  const { world, worker, user, watchInput, sessions } = await setup();
  const watch = await createArbitrageWatch({ ctx: user, input: watchInput({ sessions, maxQuantity: '0.01' }) });
  assert.deepEqual(watch.autoExecute, { sessions, maxQuantity: '0.01' });

  const scan = await runWatchScan({ ctx: worker, input: { tenantId: world.tenantId, watchId: watch.id } });
  assert.equal(scan.status, 'scanned');
  if (scan.status !== 'scanned') return;
  const [opportunity] = scan.recorded;
  const [executed] = scan.executions;
  assert.ok(opportunity && executed && 'executionId' in executed, JSON.stringify(scan.executions));
  const execution = await getArbitrageExecution({ ctx: user, input: { executionId: executed.executionId } });
  assert.deepEqual(
    { state: execution.state, opportunityId: execution.opportunityId, clientId: execution.clientId, quantity: execution.quantity, buy: execution.legs.buy?.sessionId, sell: execution.sellSessionId },
    { state: 'first_leg_placed', opportunityId: opportunity.id, clientId: `watch:${opportunity.id}`, quantity: '0.01', buy: world.sessions.cheap, sell: world.sessions.dear },
  );
  // Then as any execution: the saga's fills move it on.
  await world.runOrder(execution.legs.buy!.orderId);
  await world.deliver(execution.legs.buy!.orderId);
  const selling = await getArbitrageExecution({ ctx: user, input: { executionId: execution.id } });
  await world.runOrder(selling.legs.sell!.orderId);
  await world.deliver(selling.legs.sell!.orderId);
  assert.equal((await getArbitrageExecution({ ctx: user, input: { executionId: execution.id } })).state, 'completed');

  const off = await updateArbitrageWatch({ ctx: user, input: { watchId: watch.id, autoExecute: null, enabled: false } });
  assert.equal(off.autoExecute, null);
  await updateArbitrageWatch({ ctx: user, input: { watchId: watch.id, enabled: true } });
  const again = await runWatchScan({ ctx: worker, input: { tenantId: world.tenantId, watchId: watch.id } });
  assert.deepEqual(again.status === 'scanned' && [again.recorded.length, again.executions], [1, []], 'recorded, not executed');
});

test('a session that stopped since is skipped, and the watch says so in lastError', async () => {
  const { world, worker, user, watchInput, sessions } = await setup();
  const watch = await createArbitrageWatch({ ctx: user, input: watchInput({ sessions, maxQuantity: '0.01' }) });
  await admin.query(`update trading.sessions set state = 'Stopped' where id = $1`, [world.sessions.dear]);
  const scan = await runWatchScan({ ctx: worker, input: { tenantId: world.tenantId, watchId: watch.id } });
  assert.deepEqual(scan.status === 'scanned' && scan.executions.map((each) => 'skipped' in each && each.skipped), ['binance → binanceus: sellSessionId is Stopped; it must be Live or Monitoring.']);
  const { rows } = await admin.query('select last_error from trading.arbitrage_watches where id = $1', [watch.id]);
  assert.match(rows[0].last_error, /^auto-execution skipped: binance → binanceus: sellSessionId is Stopped/);
  const { rows: executions } = await admin.query('select count(*)::int as n from trading.arbitrage_executions where tenant_id = $1', [world.tenantId]);
  assert.equal(executions[0].n, 0);
});

test('refused: sessions of other exchanges or tenants, a bad maxQuantity, live sessions without trading:live or confirmLive', async () => {
  const { user, watchInput, sessions } = await setup();
  await rejects(createArbitrageWatch({ ctx: user, input: watchInput({ sessions, maxQuantity: '0' }) }), 'invalid_input', 'autoExecute.maxQuantity');
  await rejects(createArbitrageWatch({ ctx: user, input: watchInput({ sessions: { binance: sessions.binance }, maxQuantity: '1' }) }), 'invalid_input', 'autoExecute.sessions');
  await rejects(createArbitrageWatch({ ctx: user, input: watchInput({ sessions: { binance: sessions.binanceus, binanceus: sessions.binance }, maxQuantity: '1' }) }), 'invalid_input', 'autoExecute.sessions.binance');
  await rejects(createArbitrageWatch({ ctx: user, input: watchInput({ sessions: { ...sessions, kraken: sessions.binance }, maxQuantity: '1' }) }), 'invalid_input', 'autoExecute.sessions.kraken');
  const stranger = await setup();
  await rejects(createArbitrageWatch({ ctx: user, input: watchInput({ sessions: { ...sessions, binanceus: stranger.sessions.binanceus }, maxQuantity: '1' }) }), 'not_found', 'autoExecute.sessions.binanceus');

  const live = await setup({ cheap: { mode: 'live' }, dear: { mode: 'live' } });
  await rejects(createArbitrageWatch({ ctx: live.user, input: live.watchInput({ sessions: live.sessions, maxQuantity: '1', confirmLive: true }) }), 'forbidden', 'autoExecute.sessions');
  const liveUser = { ...live.user, permissions: ['trading:trade', 'trading:live'] };
  await rejects(createArbitrageWatch({ ctx: liveUser, input: live.watchInput({ sessions: live.sessions, maxQuantity: '1' }) }), 'invalid_input', 'autoExecute.confirmLive');
  const watch = await createArbitrageWatch({ ctx: liveUser, input: live.watchInput({ sessions: live.sessions, maxQuantity: '1', confirmLive: true }) });
  // Re-timing keeps the confirmed sessions without asking again.
  assert.deepEqual((await updateArbitrageWatch({ ctx: live.user, input: { watchId: watch.id, intervalSeconds: 30 } })).autoExecute, { sessions: live.sessions, maxQuantity: '1' });
});
