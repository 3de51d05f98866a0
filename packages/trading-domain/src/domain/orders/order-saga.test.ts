import { withTenant } from '@ai-service/db';
import { waitFor } from '@ai-service/testing';
import { sql } from 'drizzle-orm';
import { decimal, decimalToString } from '@ai-service/money';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { paperOrders, trades } from '../../db/schema/index.ts';
import { isTradingDomainError } from '../../errors.ts';
import { lockPaperAccount } from '../../exchange/paper/paper-store.ts';
import { checkOrderTimeout } from './check-order-timeout.ts';
import { reconcileSessionOrders } from './reconcile-session-orders.ts';
import { requestOrder } from './request-order.ts';
import { runOrderSaga } from './run-order-saga.ts';
import { listSessionOrders } from './list-session-orders.ts';
import { sessionBalances } from './session-balances.ts';
import { sessionPositions } from './session-positions.ts';
import { sweepReservations } from './sweep-reservations.ts';
import { paperSession, sagaDatabase } from './test-harness.ts';

const { db, close } = await sagaDatabase();
after(close);

type Session = Awaited<ReturnType<typeof paperSession>>;

const run = (session: Session, orderId: string) => runOrderSaga({ ctx: session.ctx, input: { tenantId: session.tenantId, orderId } });

/** The session's balances next to the paper exchange's: free + reserved of ours is the venue's total (nothing open). */
async function balances(session: Session) {
  const ours = Object.fromEntries((await sessionBalances({ ctx: session.ctx, input: session }))!.map((row) => [row.asset, row]));
  const venue = await session.connector.fetchBalance();
  return { ours, venue };
}

test('happy path: a market buy is reserved, placed on the paper exchange and settled once, with OrderFilled and TradeExecuted', async () => {
  const session = await paperSession(db);
  const { orderId } = await session.order({ quantity: '0.1' });
  assert.deepEqual(await run(session, orderId), { state: 'filled' });

  const order = await session.orderRow(orderId);
  assert.equal(order.sagaState, 'filled');
  assert.equal(decimalToString(decimal(order.averagePrice!)), '50000');
  assert.equal(decimalToString(decimal(order.fee!)), '5');
  const [reservation] = await session.reservationsOf(orderId);
  assert.equal(reservation?.status, 'consumed');
  // 0.1 × 50000 × (1 + 0.001 fee + 0.01 slippage margin)
  assert.equal(decimalToString(decimal(reservation.amount)), '5055');
  assert.equal((await session.tradesOf(orderId)).length, 1);

  const { ours, venue } = await balances(session);
  assert.deepEqual(ours['USDT'], { asset: 'USDT', free: '4995', reserved: '0' });
  assert.deepEqual(ours['BTC'], { asset: 'BTC', free: '0.1', reserved: '0' });
  assert.equal(venue['USDT']?.total, '4995');
  assert.equal(venue['BTC']?.total, '0.1');

  const [position] = await sessionPositions({ ctx: session.ctx, input: session });
  assert.deepEqual({ quantity: position?.quantity, entry: position?.averageEntryPrice, fees: position?.feesPaid }, { quantity: '0.1', entry: '50000', fees: '5' });

  const events = await session.events(orderId);
  assert.deepEqual(events.map((event) => event.type), ['OrderRequested', 'OrderFilled', 'TradeExecuted']);
  const trade = events[2]!.payload;
  assert.deepEqual({ side: trade['side'], quantity: trade['quantity'], price: trade['price'], fee: trade['fee'] }, { side: 'buy', quantity: '0.1', price: '50000', fee: { amount: '5', asset: 'USDT' } });
  assert.deepEqual(session.counts, { started: 1, filled: 1, failed: 0, compensated: 0, sent: 1 });
  assert.deepEqual([...session.scheduled.sweepers], [session.tenantId], 'the tenant gets its reservation sweeper');

  // Selling it higher realizes the gain on the position; fees stay apart.
  session.setPrice('52000');
  const sell = await session.order({ side: 'sell', quantity: '0.1' });
  assert.deepEqual(await run(session, sell.orderId), { state: 'filled' });
  const [closed] = await sessionPositions({ ctx: session.ctx, input: session });
  assert.deepEqual({ quantity: closed?.quantity, realized: closed?.realizedPnl, fees: closed?.feesPaid }, { quantity: '0', realized: '200', fees: '10.2' });
  const after = await balances(session);
  assert.equal(after.ours['USDT']?.free, '10189.8');
  assert.equal(after.venue['USDT']?.total, '10189.8');
});

test('a paper order that fills at once is reserved, placed and settled in one commit; while its paper account is busy it takes the steps instead', async () => {
  const session = await paperSession(db);
  const key = { tenantId: session.tenantId, account: session.sessionId };
  // Rows a transaction writes carry its id (xmin): the venue's order and our trade share one only if they committed together.
  const writtenBy = (orderId: string) =>
    withTenant(db, session.tenantId, async (tx) => {
      const { rows } = await tx.execute<{ venue: string; trade: string }>(
        sql`select (select xmin::text from ${paperOrders} where client_order_id = ${orderId}) as venue, (select xmin::text from ${trades} where order_id = ${orderId}::uuid) as trade`,
      );
      return rows[0]!;
    });
  const first = await session.order({ quantity: '0.01' });
  assert.deepEqual(await run(session, first.orderId), { state: 'filled' });
  const once = await writtenBy(first.orderId);
  assert.equal(once.venue, once.trade, 'placed and settled in the same transaction');

  // Another transaction holds the paper account: the saga does not wait inside one long transaction,
  // it commits the reservation on its own (the order is seen reserved) and places when the account is free.
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding = () => undefined as void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const holder = withTenant(db, session.tenantId, async (tx) => {
    await lockPaperAccount(tx, key);
    holding();
    await released;
  });
  await held;
  const second = await session.order({ quantity: '0.01' });
  const saga = run(session, second.orderId);
  try {
    await waitFor(async () => ((await session.orderRow(second.orderId)).sagaState === 'reserved' ? true : undefined), { intervalMs: 20, what: 'the order reserved while the account is busy' });
  } finally {
    release();
    await holder;
  }
  assert.deepEqual(await saga, { state: 'filled' });
  const stepped = await writtenBy(second.orderId);
  assert.notEqual(stepped.venue, stepped.trade, 'placed and settled in transactions of their own');
  assert.equal((await session.tradesOf(second.orderId)).length, 1);
  assert.equal((await session.reservationsOf(second.orderId))[0]?.status, 'consumed');
  assert.equal(await session.heldTotal(), '0');
  assert.deepEqual(session.counts, { started: 2, filled: 2, failed: 0, compensated: 0, sent: 2 });
});

test('the same OrderRequested delivered twice, one after the other and at once, has one reservation, one placement, one trade', async () => {
  const session = await paperSession(db);
  const first = await session.order({ quantity: '0.05' });
  await run(session, first.orderId);
  assert.deepEqual(await run(session, first.orderId), { state: 'filled' });

  const second = await session.order({ quantity: '0.05' });
  const concurrent = await Promise.all([run(session, second.orderId), run(session, second.orderId), run(session, second.orderId)]);
  assert.deepEqual(concurrent.map((result) => result.state), ['filled', 'filled', 'filled']);
  for (const { orderId } of [first, second]) {
    assert.equal((await session.reservationsOf(orderId)).length, 1);
    assert.equal((await session.tradesOf(orderId)).length, 1);
    assert.equal((await session.events(orderId)).filter((event) => event.type === 'TradeExecuted').length, 1);
  }
  assert.equal(session.counts.started, 2);
  assert.equal(session.counts.filled, 2);
  const { ours, venue } = await balances(session);
  assert.equal(ours['BTC']?.free, '0.1');
  assert.equal(venue['BTC']?.total, '0.1', 'the venue filled each order once');
  assert.equal(ours['USDT']?.free, venue['USDT']?.total);
});

test('the venue rejects (paper account short of funds): the reservation is released and OrderFailed says rejected', async () => {
  const session = await paperSession(db);
  // The saga's own balance allows it; the venue's account has spent its money elsewhere.
  await session.connector.placeOrder({ clientOrderId: 'elsewhere', symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: '0.19', limitPrice: null });
  const { orderId } = await session.order({ quantity: '0.1' });
  assert.deepEqual(await run(session, orderId), { state: 'failed' });

  const order = await session.orderRow(orderId);
  assert.equal(order.failureReason, 'rejected');
  assert.equal((await session.reservationsOf(orderId))[0]?.status, 'released');
  const { ours } = await balances(session);
  assert.deepEqual(ours['USDT'], { asset: 'USDT', free: '10000', reserved: '0' });
  const failed = (await session.events(orderId)).find((event) => event.type === 'OrderFailed');
  assert.equal(failed?.payload['reason'], 'rejected');
  assert.equal(failed?.payload['compensated'], true);
  assert.equal(await session.connector.findOrder('BTC/USDT', orderId), null);
  assert.deepEqual({ failed: session.counts.failed, compensated: session.counts.compensated, sent: session.counts.sent }, { failed: 1, compensated: 1, sent: 0 });
});

test('a session without the funds fails the order at the reservation, and nothing reaches the venue', async () => {
  const session = await paperSession(db, { funds: { USDT: '100' } });
  const { orderId } = await session.order({ quantity: '0.1' });
  assert.deepEqual(await run(session, orderId), { state: 'failed' });
  const order = await session.orderRow(orderId);
  assert.equal(order.failureReason, 'rejected');
  assert.match(order.failureDetail ?? '', /100 USDT free; the order needs 5055/);
  assert.equal((await session.reservationsOf(orderId)).length, 0);
  assert.equal(await session.connector.findOrder('BTC/USDT', orderId), null);
  assert.equal((await session.events(orderId)).at(-1)?.type, 'OrderFailed');
});

test('an open limit order is cancelled and compensated by its timeout job at the deadline, not before', async () => {
  const session = await paperSession(db);
  const { orderId } = await session.order({ type: 'limit', limitPrice: '40000', quantity: '0.1' });
  assert.deepEqual(await run(session, orderId), { state: 'placed' });
  const deadline = (await session.orderRow(orderId)).timeoutAt!;
  assert.deepEqual(session.scheduled.timeouts, [{ orderId, at: deadline }]);
  assert.equal((await balances(session)).ours['USDT']?.reserved, '4044', 'held: 0.1 × 40000 × 1.011');

  const early = await checkOrderTimeout({ ctx: session.ctx, input: { tenantId: session.tenantId, orderId } });
  assert.deepEqual(early, { state: 'placed', retryAt: deadline });

  session.advance(60_000);
  assert.deepEqual(await checkOrderTimeout({ ctx: session.ctx, input: { tenantId: session.tenantId, orderId } }), { state: 'failed' });
  assert.equal((await session.orderRow(orderId)).failureReason, 'timeout');
  assert.equal((await session.connector.findOrder('BTC/USDT', orderId))?.status, 'canceled');
  const { ours, venue } = await balances(session);
  assert.deepEqual(ours['USDT'], { asset: 'USDT', free: '10000', reserved: '0' });
  assert.deepEqual(venue['USDT'], { free: '10000', used: '0', total: '10000' });
  const failed = (await session.events(orderId)).at(-1);
  assert.equal(failed?.type, 'OrderFailed');
  assert.deepEqual({ reason: failed?.payload['reason'], compensated: failed?.payload['compensated'] }, { reason: 'timeout', compensated: true });
});

test('a limit order that fills before its deadline is settled by the timeout job instead of compensated', async () => {
  const session = await paperSession(db);
  const { orderId } = await session.order({ type: 'limit', limitPrice: '40000', quantity: '0.1' });
  await run(session, orderId);
  session.setPrice('39000');
  session.advance(60_000);
  assert.deepEqual(await checkOrderTimeout({ ctx: session.ctx, input: { tenantId: session.tenantId, orderId } }), { state: 'filled' });
  const { ours, venue } = await balances(session);
  // Filled at its limit with the maker fee: 4000 + 4; the rest of the 4044 held returns to free.
  assert.deepEqual(ours['USDT'], { asset: 'USDT', free: '5996', reserved: '0' });
  assert.equal(venue['USDT']?.total, '5996');
  assert.equal(session.counts.compensated, 0);
});

test('a silent venue: the placement gets no answer, the order waits reserved, and its timeout compensates it', async () => {
  const session = await paperSession(db);
  const { orderId } = await session.order({ type: 'limit', limitPrice: '51000', quantity: '0.1' });
  session.setSilent(true);
  assert.deepEqual(await run(session, orderId), { state: 'reserved' });
  const deadline = (await session.orderRow(orderId)).timeoutAt!;
  assert.deepEqual(session.scheduled.timeouts, [{ orderId, at: deadline }]);
  session.advance(60_000);
  assert.deepEqual(await checkOrderTimeout({ ctx: session.ctx, input: { tenantId: session.tenantId, orderId } }), { state: 'failed' });
  const order = await session.orderRow(orderId);
  assert.equal(order.failureReason, 'timeout');
  assert.deepEqual((await balances(session)).ours['USDT'], { asset: 'USDT', free: '10000', reserved: '0' });
  assert.equal(session.counts.sent, 0);
});

test('the sweeper releases a reservation held past its expiry and fails its order (after cancelling it at the venue)', async () => {
  const session = await paperSession(db, { settings: { reservationTtlMs: 5_000, orderTimeoutMs: 600_000 } });
  const { orderId } = await session.order({ type: 'limit', limitPrice: '40000', quantity: '0.1' });
  const fresh = await session.order({ type: 'limit', limitPrice: '40000', quantity: '0.1' });
  await run(session, orderId);
  session.advance(4_000);
  await run(session, fresh.orderId);
  session.advance(2_000);

  assert.deepEqual(await sweepReservations({ ctx: session.ctx, input: { tenantId: session.tenantId } }), { swept: 1 });
  const order = await session.orderRow(orderId);
  assert.deepEqual({ state: order.sagaState, reason: order.failureReason }, { state: 'failed', reason: 'timeout' });
  assert.equal((await session.reservationsOf(orderId))[0]?.status, 'released');
  assert.equal((await session.connector.findOrder('BTC/USDT', orderId))?.status, 'canceled');
  assert.equal((await session.orderRow(fresh.orderId)).sagaState, 'placed', 'a reservation not expired yet is left alone');
  assert.equal(await session.heldTotal(), '4044');
  assert.deepEqual(await sweepReservations({ ctx: session.ctx, input: { tenantId: session.tenantId } }), { swept: 0 });
});

test('50 concurrent orders: every reservation is consumed, and balances and positions reconcile with the paper exchange', async () => {
  const session = await paperSession(db, { funds: { USDT: '100000', BTC: '1' } });
  const requests = await Promise.all(
    Array.from({ length: 50 }, (_, index) => session.order({ side: index % 3 === 0 ? 'sell' : 'buy', quantity: `0.0${(index % 9) + 1}` })),
  );
  const states = await Promise.all(requests.map(({ orderId }) => run(session, orderId)));
  assert.ok(states.every((state) => state.state === 'filled'), JSON.stringify(states));
  assert.equal(await session.heldTotal(), '0');

  const { ours, venue } = await balances(session);
  for (const asset of ['USDT', 'BTC']) {
    assert.equal(ours[asset]?.reserved, '0');
    assert.equal(ours[asset]?.free, venue[asset]?.total, `${asset}: session balance = paper exchange balance`);
  }
  const [position] = await sessionPositions({ ctx: session.ctx, input: session });
  assert.equal(decimalToString(decimal(position!.quantity).plus(1)), ours['BTC']?.free, 'position = BTC bought - sold since funding');
  assert.equal((await listSessionOrders({ ctx: session.ctx, input: { ...session, open: true } })).length, 0);
});

test('reconcile after a crash: an order the venue already has is settled, never placed again; one never placed is placed', async () => {
  const session = await paperSession(db);
  // Crashed after reserving: the placement's answer never came back (the venue had it nonetheless).
  const { orderId } = await session.order({ type: 'limit', limitPrice: '51000', quantity: '0.1' });
  session.setSilent(true);
  await run(session, orderId);
  session.setSilent(false);
  await session.connector.placeOrder({ clientOrderId: orderId, symbol: 'BTC/USDT', side: 'buy', type: 'limit', quantity: '0.1', limitPrice: '51000' });
  // And one that was requested but never processed.
  const waiting = await session.order({ quantity: '0.05' });

  const report = await reconcileSessionOrders({ ctx: session.ctx, input: session, connector: session.connector });
  assert.deepEqual(report, { checked: 2, filled: 2, failed: 0, open: 0 });
  assert.equal(session.counts.sent, 1, 'only the never-placed order went to the venue');
  const { ours, venue } = await balances(session);
  assert.equal(ours['BTC']?.free, '0.15');
  assert.equal(venue['BTC']?.total, '0.15');
  assert.equal(ours['USDT']?.free, venue['USDT']?.total);
  assert.equal((await session.tradesOf(waiting.orderId)).length, 1);
});

test('requestOrder: an order id requested again is the same order; the order commits with the caller transaction or not at all', async () => {
  const session = await paperSession(db);
  const first = await session.order();
  assert.equal(first.created, true);
  assert.deepEqual(await session.order({ orderId: first.orderId }), { orderId: first.orderId, created: false });
  assert.equal((await session.events(first.orderId)).length, 1);

  const aborted = '00000000-0000-4000-8000-000000000001';
  await assert.rejects(
    withTenant(db, session.tenantId, async (tx) => {
      await requestOrder({ ctx: { ...session.ctx, tx }, input: { tenantId: session.tenantId, sessionId: session.sessionId, exchange: 'paper', mode: 'paper', symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: '1', limitPrice: null, orderId: aborted } });
      throw new Error('the tick failed after requesting');
    }),
    /the tick failed/,
  );
  assert.equal(await session.orderRow(aborted).catch(() => undefined), undefined);
  assert.equal((await session.events(aborted)).length, 0);

  await assert.rejects(session.order({ type: 'limit', limitPrice: null }), (error) => isTradingDomainError(error, 'invalid_input') && error.errors[0]?.field === 'limitPrice');
  await assert.rejects(session.order({ quantity: '-1' }), (error) => isTradingDomainError(error, 'invalid_input') && error.errors[0]?.field === 'quantity');
});
