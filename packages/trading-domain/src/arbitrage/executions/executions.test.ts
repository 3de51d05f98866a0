import { withTenant } from '@ai-service/db';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { requestOrder } from '../../domain/orders/request-order.ts';
import { isTradingDomainError } from '../../errors.ts';
import { insertOpportunities } from '../../repositories/arbitrage.ts';
import { startTradingTestDatabase } from '../../test-database.ts';
import { advanceArbitrageExecution, UNWIND_ATTEMPTS } from './advance-arbitrage-execution.ts';
import { executeArbitrage } from './execute-arbitrage.ts';
import { getArbitrageExecution } from './get-arbitrage-execution.ts';
import { listArbitrageExecutions } from './list-arbitrage-executions.ts';
import { arbitrageWorld, type LegSetup } from './test-harness.ts';

const trading = await startTradingTestDatabase();
after(() => trading.close());
const { db } = trading;

type World = Awaited<ReturnType<typeof arbitrageWorld>>;

const CHEAP: LegSetup = { exchange: 'binance', price: '50000', funds: { USDT: '10000' } };
const DEAR: LegSetup = { exchange: 'kraken', price: '50500', funds: { BTC: '1' } };

let seconds = 0;
/** Each request a second later than the one before: listing is newest first. */
const clock = () => new Date(Date.UTC(2026, 0, 5, 10) + ++seconds * 1000);
const userCtx = (world: World, permissions: string[] = ['trading:trade']) => ({ db, clock, traceId: undefined, tenantId: world.tenantId, actorId: 'user-1', permissions });

const execute = (world: World, input: Partial<Parameters<typeof executeArbitrage>[0]['input']> = {}, permissions?: string[]) =>
  executeArbitrage({
    ctx: userCtx(world, permissions),
    input: { symbol: 'BTC/USDT', buyExchange: 'binance', sellExchange: 'kraken', quantity: '0.1', buySessionId: world.sessions.cheap, sellSessionId: world.sessions.dear, ...input },
  });

const detail = (world: World, executionId: string) => getArbitrageExecution({ ctx: userCtx(world), input: { executionId } });

async function rejects(promise: Promise<unknown>, code: string, field: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isTradingDomainError(error), String(error));
    assert.equal(error.code, code);
    assert.equal(error.errors[0]?.field, field);
    return true;
  });
}

test('happy path: the buy fills, its OrderFilled (delivered twice) requests one sell, the sell fills: completed with the net result of both fees', async () => {
  const world = await arbitrageWorld(db, { cheap: CHEAP, dear: DEAR });
  const { execution, created } = await execute(world);
  assert.equal(created, true);
  assert.equal(execution.state, 'first_leg_placed');
  const buyOrderId = execution.legs.buy!.orderId;
  assert.deepEqual({ side: execution.legs.buy?.side, state: execution.legs.buy?.state, session: execution.legs.buy?.sessionId }, { side: 'buy', state: 'requested', session: world.sessions.cheap });

  assert.deepEqual(await world.runOrder(buyOrderId), { state: 'filled' });
  assert.deepEqual(await world.deliver(buyOrderId), { executionId: execution.id, state: 'second_leg_placed' });
  assert.equal(await world.deliver(buyOrderId), 'duplicate', 'a redelivered OrderFilled is recorded once');
  // Even past the inbox (another consumer, a replay) the state guards: one sell only.
  assert.equal(await withTenant(db, world.tenantId, (tx) => advanceArbitrageExecution({ ctx: { ...world.saga, tx }, input: { tenantId: world.tenantId, orderId: buyOrderId } })), null);
  const selling = await detail(world, execution.id);
  assert.equal(selling.state, 'second_leg_placed');
  const sellOrderId = selling.legs.sell!.orderId;
  assert.deepEqual({ side: selling.legs.sell?.side, session: selling.legs.sell?.sessionId, exchange: selling.legs.sell?.exchange, quantity: selling.legs.sell?.quantity }, {
    side: 'sell',
    session: world.sessions.dear,
    exchange: 'kraken',
    quantity: '0.1',
  });

  assert.deepEqual(await world.runOrder(sellOrderId), { state: 'filled' });
  assert.deepEqual(await world.deliver(sellOrderId), { executionId: execution.id, state: 'completed' });
  const done = await detail(world, execution.id);
  // 0.1 × 50500 − 5.05 fee − (0.1 × 50000 + 5 fee)
  assert.equal(done.realizedPnl, '39.95');
  assert.equal(done.realizedSpread, '0.00799');
  assert.equal(done.legs.unwind, null);
  assert.deepEqual(done.transitions.map((move) => [move.from, move.to]), [
    [null, 'first_leg_placed'],
    ['first_leg_placed', 'second_leg_placed'],
    ['second_leg_placed', 'completed'],
  ]);
  assert.match(done.transitions[2]!.reason, /net 39\.95/);
  assert.deepEqual(await world.balances(world.sessions.cheap), { USDT: '4995', BTC: '0.1' });
  assert.deepEqual(await world.balances(world.sessions.dear), { BTC: '0.9', USDT: '5044.95' });
});

/** An execution whose buy filled and whose sell was refused (its session holds too little BTC): unwinding. */
async function unwindingAfterRejectedSell() {
  const world = await arbitrageWorld(db, { cheap: CHEAP, dear: { ...DEAR, funds: { BTC: '0.05' } } });
  const { execution } = await execute(world);
  const buyOrderId = execution.legs.buy!.orderId;
  await world.runOrder(buyOrderId);
  await world.deliver(buyOrderId);
  const sellOrderId = (await detail(world, execution.id)).legs.sell!.orderId;
  assert.deepEqual(await world.runOrder(sellOrderId), { state: 'failed' });
  assert.deepEqual(await world.deliver(sellOrderId), { executionId: execution.id, state: 'unwinding' });
  assert.equal(await world.deliver(sellOrderId), 'duplicate');
  return { world, execution };
}

test('second leg rejected (its session lacks the BTC): the first leg is sold back on its own session, unwound, balances back but for the fees', async () => {
  const { world, execution } = await unwindingAfterRejectedSell();

  const unwinding = await detail(world, execution.id);
  assert.equal(unwinding.legs.sell?.failureReason, 'rejected');
  const unwind = unwinding.legs.unwind!;
  assert.deepEqual({ side: unwind.side, session: unwind.sessionId, exchange: unwind.exchange, quantity: unwind.quantity }, { side: 'sell', session: world.sessions.cheap, exchange: 'binance', quantity: '0.1' });
  assert.match(unwinding.stateReason ?? '', /second leg \(sell\) failed, rejected/);

  assert.deepEqual(await world.runOrder(unwind.orderId), { state: 'filled' });
  assert.deepEqual(await world.deliver(unwind.orderId), { executionId: execution.id, state: 'unwound' });
  const done = await detail(world, execution.id);
  assert.equal(done.state, 'unwound');
  // Bought 0.1 at 50000 (fee 5), sold back at 50000 (fee 5): the fees are the loss.
  assert.equal(done.realizedPnl, '-10');
  assert.equal(done.realizedSpread, null);
  assert.deepEqual(done.transitions.map((move) => move.to), ['first_leg_placed', 'second_leg_placed', 'unwinding', 'unwound']);
  assert.deepEqual(await world.balances(world.sessions.cheap), { USDT: '9990', BTC: '0' });
  assert.deepEqual(await world.balances(world.sessions.dear), { BTC: '0.05' }, 'the rejected sell left the other session as it was');
});

test('an unwind that fails too ends in unwind_failed, saying what is left where', async () => {
  const world = await arbitrageWorld(db, { cheap: CHEAP, dear: { ...DEAR, funds: { BTC: '0.05' } } });
  const { execution } = await execute(world);
  const buyOrderId = execution.legs.buy!.orderId;
  await world.runOrder(buyOrderId);
  await world.deliver(buyOrderId);
  // The session's strategy sells the BTC the first leg bought before the unwind can.
  const other = await requestOrder({
    ctx: world.saga,
    input: { tenantId: world.tenantId, sessionId: world.sessions.cheap, exchange: 'binance', mode: 'paper', symbol: 'BTC/USDT', side: 'sell', type: 'market', quantity: '0.1', limitPrice: null },
  });
  assert.deepEqual(await world.runOrder(other.orderId), { state: 'filled' });
  const sellOrderId = (await detail(world, execution.id)).legs.sell!.orderId;
  assert.deepEqual(await world.runOrder(sellOrderId), { state: 'failed' });
  assert.deepEqual(await world.deliver(sellOrderId), { executionId: execution.id, state: 'unwinding' });
  const unwindOrderId = (await detail(world, execution.id)).legs.unwind!.orderId;
  assert.deepEqual(await world.runOrder(unwindOrderId), { state: 'failed' });
  assert.deepEqual(await world.deliver(unwindOrderId), { executionId: execution.id, state: 'unwind_failed' });
  const done = await detail(world, execution.id);
  assert.match(done.stateReason ?? '', new RegExp(`^unwind \\(sell\\) failed, rejected: .*stay in session ${world.sessions.cheap}`));
  assert.equal(done.realizedPnl, null);
});

test('an unwind the venue fails with an error is requested again, up to UNWIND_ATTEMPTS; one that then fills ends unwound, one that never does ends unwind_failed', async () => {
  for (const failures of [UNWIND_ATTEMPTS - 1, UNWIND_ATTEMPTS]) {
    const { world, execution } = await unwindingAfterRejectedSell();
    world.failPlacements(world.sessions.cheap, failures);
    const unwindOrders: string[] = [];
    for (let attempt = 1; attempt <= failures; attempt += 1) {
      const unwindOrderId = (await detail(world, execution.id)).legs.unwind!.orderId;
      unwindOrders.push(unwindOrderId);
      assert.deepEqual(await world.runOrder(unwindOrderId), { state: 'failed' }, `attempt ${attempt}`);
      const next = attempt < UNWIND_ATTEMPTS ? 'unwinding' : 'unwind_failed';
      assert.deepEqual(await world.deliver(unwindOrderId), { executionId: execution.id, state: next }, `attempt ${attempt}`);
      assert.equal(await world.deliver(unwindOrderId), 'duplicate');
    }
    const after = await detail(world, execution.id);
    assert.deepEqual(after.transitions.map((move) => move.to).slice(2), [...Array<string>(Math.min(failures + 1, UNWIND_ATTEMPTS)).fill('unwinding'), ...(failures === UNWIND_ATTEMPTS ? ['unwind_failed'] : [])]);
    if (failures === UNWIND_ATTEMPTS) {
      assert.match(after.stateReason ?? '', new RegExp(`^unwind \\(sell\\) failed \\(attempt ${UNWIND_ATTEMPTS} of ${UNWIND_ATTEMPTS}\\), error: paper answered 500.*stay in session ${world.sessions.cheap}`));
      assert.deepEqual(await world.balances(world.sessions.cheap), { USDT: '4995', BTC: '0.1' }, 'the BTC bought stays, as the reason says');
      continue;
    }
    assert.match(after.stateReason ?? '', new RegExp(`selling back 0\\.1 on binance again, attempt ${failures + 1} of ${UNWIND_ATTEMPTS}`));
    const lastUnwind = after.legs.unwind!.orderId;
    assert.ok(!unwindOrders.includes(lastUnwind), 'each attempt is a new order');
    assert.deepEqual(await world.runOrder(lastUnwind), { state: 'filled' });
    assert.deepEqual(await world.deliver(lastUnwind), { executionId: execution.id, state: 'unwound' });
    assert.equal((await detail(world, execution.id)).realizedPnl, '-10');
  }
});

test('first leg fails (its session lacks the USDT): failed, no second leg', async () => {
  const world = await arbitrageWorld(db, { cheap: { ...CHEAP, funds: { USDT: '100' } }, dear: DEAR });
  const { execution } = await execute(world);
  const buyOrderId = execution.legs.buy!.orderId;
  assert.deepEqual(await world.runOrder(buyOrderId), { state: 'failed' });
  assert.deepEqual(await world.deliver(buyOrderId), { executionId: execution.id, state: 'failed' });
  const done = await detail(world, execution.id);
  assert.equal(done.legs.sell, null);
  assert.equal(done.legs.unwind, null);
  assert.match(done.stateReason ?? '', /^first leg \(buy\) failed, rejected: .*nothing to unwind$/);
  assert.deepEqual(await world.balances(world.sessions.dear), { BTC: '1' });
});

test('a failed leg whose cancel the exchange did not confirm says so: the user must check the order there', async () => {
  const world = await arbitrageWorld(db, { cheap: { ...CHEAP, funds: { USDT: '100' } }, dear: DEAR });
  const { execution } = await execute(world);
  const buyOrderId = execution.legs.buy!.orderId;
  await world.runOrder(buyOrderId);
  const moved = await withTenant(db, world.tenantId, (tx) => advanceArbitrageExecution({ ctx: { ...world.saga, tx }, input: { tenantId: world.tenantId, orderId: buyOrderId, compensated: false } }));
  assert.equal(moved?.state, 'failed');
  assert.match((await detail(world, execution.id)).stateReason ?? '', /\(its cancel was not confirmed by binance: check the order there\); nothing to unwind$/);
});

test('a client id makes the request idempotent; an opportunity gives the market; listed newest first with a cursor', async () => {
  const world = await arbitrageWorld(db, { cheap: CHEAP, dear: DEAR });
  const first = await execute(world, { clientId: 'run-1' });
  const again = await execute(world, { clientId: 'run-1', quantity: '0.2' });
  assert.equal(again.created, false);
  assert.equal(again.execution.id, first.execution.id);
  assert.equal(again.execution.quantity, '0.1');

  const opportunityId = randomUUID();
  await withTenant(db, world.tenantId, (tx) =>
    insertOpportunities(tx, [
      { id: opportunityId, tenantId: world.tenantId, symbol: 'BTC/USDT', buyExchange: 'binance', sellExchange: 'kraken', buyPrice: '50000', sellPrice: '50500', buyFee: '0.001', sellFee: '0.001', netSpread: '0.008', maxQuantity: '1', netProfit: '40', threshold: '0.001', foundAt: new Date() },
    ]),
  );
  const fromOpportunity = await execute(world, { opportunityId, symbol: undefined, buyExchange: undefined, sellExchange: undefined });
  assert.deepEqual({ id: fromOpportunity.execution.opportunityId, buy: fromOpportunity.execution.buyExchange, sell: fromOpportunity.execution.sellExchange }, { id: opportunityId, buy: 'binance', sell: 'kraken' });
  await rejects(execute(world, { opportunityId, sellExchange: 'bitstamp' }), 'invalid_input', 'sellExchange');
  await rejects(execute(world, { opportunityId: randomUUID() }), 'not_found', 'opportunityId');

  const page = await listArbitrageExecutions({ ctx: userCtx(world), input: { limit: 1 } });
  assert.deepEqual(page.items.map((item) => item.id), [fromOpportunity.execution.id]);
  const rest = await listArbitrageExecutions({ ctx: userCtx(world), input: { limit: 5, cursor: page.nextCursor! } });
  assert.deepEqual(rest.items.map((item) => item.id), [first.execution.id]);
  assert.equal(rest.nextCursor, null);
});

test('refused: malformed fields, sessions of another tenant or exchange, not trading, of mixed modes; live money without trading:live or confirmLive', async () => {
  const world = await arbitrageWorld(db, { cheap: CHEAP, dear: DEAR });
  await rejects(execute(world, { quantity: '-1' }), 'invalid_input', 'quantity');
  await rejects(execute(world, { sellSessionId: world.sessions.cheap }), 'invalid_input', 'sellSessionId');
  await rejects(execute(world, { sellExchange: 'binance' }), 'invalid_input', 'sellExchange');
  await rejects(execute(world, { symbol: undefined }), 'invalid_input', 'symbol');
  await rejects(execute(world, { buyExchange: 'kraken', sellExchange: 'binance' }), 'invalid_input', 'buySessionId');
  await rejects(execute(world, { symbol: 'ETH/USDT' }), 'invalid_input', 'buySessionId');

  const stranger = await arbitrageWorld(db, { cheap: CHEAP, dear: DEAR });
  await rejects(execute(world, { sellSessionId: stranger.sessions.dear }), 'not_found', 'sellSessionId');

  const stopped = await arbitrageWorld(db, { cheap: CHEAP, dear: { ...DEAR, state: 'Stopped' } });
  await rejects(execute(stopped), 'invalid_input', 'sellSessionId');
  const mixed = await arbitrageWorld(db, { cheap: CHEAP, dear: { ...DEAR, mode: 'live' } });
  await rejects(execute(mixed), 'invalid_input', 'sellSessionId');

  const live = await arbitrageWorld(db, { cheap: { ...CHEAP, mode: 'live' }, dear: { ...DEAR, mode: 'live' } });
  await rejects(execute(live, { confirmLive: true }), 'forbidden', 'buySessionId');
  await rejects(execute(live, {}, ['trading:trade', 'trading:live']), 'invalid_input', 'confirmLive');
  const accepted = await execute(live, { confirmLive: true }, ['trading:trade', 'trading:live']);
  assert.equal(accepted.execution.mode, 'live');

  const listed = await listArbitrageExecutions({ ctx: userCtx(world), input: { limit: 10 } });
  assert.deepEqual(listed.items, [], 'nothing refused was recorded');
  await assert.rejects(detail(stranger, accepted.execution.id), (error: unknown) => isTradingDomainError(error, 'not_found'));
});
