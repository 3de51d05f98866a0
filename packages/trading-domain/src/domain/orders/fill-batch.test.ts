import { withTenant } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { eventLog, orders, trades } from '../../db/schema/index.ts';
import type { ExchangeConnector } from '../../exchange/connector.ts';
import { fillBatch } from './fill-batch.ts';
import { runOrderSaga } from './run-order-saga.ts';
import { sessionBalances } from './session-balances.ts';
import { sessionPositions } from './session-positions.ts';
import { paperSession, sagaDatabase } from './test-harness.ts';

const { db, close } = await sagaDatabase();
after(close);

type Session = Awaited<ReturnType<typeof paperSession>>;

const run = (session: Session, orderId: string) => runOrderSaga({ ctx: session.ctx, input: { tenantId: session.tenantId, orderId } });

/** The transaction (xmin) that wrote each order's trade. */
const tradeWriters = (session: Session, orderIds: string[]) =>
  withTenant(db, session.tenantId, async (tx) => {
    const { rows } = await tx.execute<{ order_id: string; writer: string }>(sql`select order_id::text, xmin::text as writer from ${trades} where order_id = any(${sql.param(orderIds)}::uuid[])`);
    return new Map(rows.map((row) => [row.order_id, row.writer]));
  });

const auditTypes = (session: Session, orderId: string) =>
  withTenant(db, session.tenantId, async (tx) => {
    const { rows } = await tx.execute<{ type: string }>(sql`select type from ${eventLog} where aggregate_id = ${orderId} order by type`);
    return rows.map((row) => row.type);
  });

async function reconciled(session: Session) {
  const ours = Object.fromEntries((await sessionBalances({ ctx: session.ctx, input: session }))!.map((row) => [row.asset, row]));
  const venue = await session.connector.fetchBalance();
  for (const asset of ['USDT', 'BTC']) {
    assert.equal(ours[asset]?.reserved ?? '0', '0', `${asset}: nothing stays reserved`);
    assert.equal(ours[asset]?.free, venue[asset]?.total, `${asset}: the session's balance is the paper account's`);
  }
  return ours;
}

test("one delivery fills the session's other requested orders in its transaction; one short of funds is left to fail alone", async () => {
  const session = await paperSession(db);
  // Each 0.05 BTC holds 0.05 × 50000 × 1.011 = 2527.5 USDT and costs 2502.5; 0.2 BTC would hold 10110.
  const first = await session.order({ quantity: '0.05' });
  const short = await session.order({ quantity: '0.2' });
  const third = await session.order({ quantity: '0.05' });
  const fourth = await session.order({ quantity: '0.05' });
  const batched = [first, third, fourth].map((order) => order.orderId);

  assert.deepEqual(await run(session, first.orderId), { state: 'filled' });
  for (const orderId of batched) assert.equal((await session.orderRow(orderId)).sagaState, 'filled');
  assert.equal((await session.orderRow(short.orderId)).sagaState, 'requested', 'left untouched for its own delivery');
  const writers = await tradeWriters(session, batched);
  assert.equal(new Set(writers.values()).size, 1, 'the three fills committed together');
  assert.equal(writers.size, 3);
  for (const orderId of batched) {
    assert.deepEqual(
      (await session.events(orderId)).map((event) => event.type),
      ['OrderRequested', 'OrderFilled', 'TradeExecuted'],
    );
    assert.deepEqual(await auditTypes(session, orderId), ['FundsReserved', 'OrderFilled', 'OrderRequested']);
    const [reservation] = await session.reservationsOf(orderId);
    assert.deepEqual({ status: reservation?.status, amount: reservation?.amount }, { status: 'consumed', amount: '2527.5' });
  }
  const filled = (await session.events(third.orderId)).find((event) => event.type === 'OrderFilled')!.payload;
  assert.deepEqual({ quantity: filled['quantity'], price: filled['averagePrice'], fee: filled['fee'] }, { quantity: '0.05', price: '50000', fee: { amount: '2.5', asset: 'USDT' } });
  assert.deepEqual(session.counts, { started: 3, filled: 3, failed: 0, compensated: 0, sent: 3 });

  // The short order's own delivery: rejected at the reservation, nothing reaches the venue.
  assert.deepEqual(await run(session, short.orderId), { state: 'failed' });
  const failed = await session.orderRow(short.orderId);
  assert.equal(failed.failureReason, 'rejected');
  assert.match(failed.failureDetail ?? '', /2492\.5 USDT free; the order needs 10110/);
  assert.equal(await session.connector.findOrder('BTC/USDT', short.orderId), null);

  // The batched orders' own deliveries, later: each finds its order done.
  for (const orderId of batched) assert.deepEqual(await run(session, orderId), { state: 'filled' });
  assert.deepEqual(session.counts, { started: 4, filled: 3, failed: 1, compensated: 0, sent: 3 });
  for (const orderId of batched) assert.equal((await session.tradesOf(orderId)).length, 1);
  const ours = await reconciled(session);
  assert.deepEqual({ usdt: ours['USDT']?.free, btc: ours['BTC']?.free }, { usdt: '2492.5', btc: '0.15' });
  const [position] = await sessionPositions({ ctx: session.ctx, input: session });
  assert.deepEqual({ quantity: position?.quantity, entry: position?.averageEntryPrice, fees: position?.feesPaid }, { quantity: '0.15', entry: '50000', fees: '7.5' });
  assert.equal(await session.heldTotal(), '0');
});

test('an order the paper account cannot pay and a limit that would rest are left out of the batch, to their own deliveries', async () => {
  const session = await paperSession(db);
  // The venue's account spent most of its money elsewhere: 490.5 USDT are left there.
  await session.connector.placeOrder({ clientOrderId: 'elsewhere', symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: '0.19', limitPrice: null });
  const first = await session.order({ quantity: '0.005' });
  const unpaid = await session.order({ quantity: '0.01' });
  const resting = await session.order({ type: 'limit', limitPrice: '40000', quantity: '0.001' });
  const last = await session.order({ quantity: '0.004' });
  assert.deepEqual(await run(session, first.orderId), { state: 'filled' });
  assert.equal((await session.orderRow(last.orderId)).sagaState, 'filled');
  const writers = await tradeWriters(session, [first.orderId, last.orderId]);
  assert.equal(writers.get(first.orderId), writers.get(last.orderId), 'filled together');
  assert.equal((await session.orderRow(unpaid.orderId)).sagaState, 'requested');
  assert.equal((await session.orderRow(resting.orderId)).sagaState, 'requested');

  // Their own deliveries take the saga's steps: the venue refuses one (compensated), the limit rests.
  assert.deepEqual(await run(session, unpaid.orderId), { state: 'failed' });
  const failed = (await session.events(unpaid.orderId)).find((event) => event.type === 'OrderFailed')?.payload;
  assert.deepEqual({ reason: failed?.['reason'], compensated: failed?.['compensated'] }, { reason: 'rejected', compensated: true });
  assert.deepEqual(await run(session, resting.orderId), { state: 'placed' });
  assert.equal((await session.connector.findOrder('BTC/USDT', resting.orderId))?.status, 'open');
  assert.deepEqual(session.counts, { started: 4, filled: 2, failed: 1, compensated: 1, sent: 3 });
  const ours = Object.fromEntries((await sessionBalances({ ctx: session.ctx, input: session }))!.map((row) => [row.asset, row]));
  assert.deepEqual(ours['USDT'], { asset: 'USDT', free: '9509.11', reserved: '40.44' });
  assert.equal(ours['BTC']?.free, '0.009');
});

test('deliveries of one session at once and again: every order filled once, nothing left reserved, balances match the venue', async () => {
  const session = await paperSession(db);
  const orders = [];
  for (let index = 0; index < 8; index++) orders.push(await session.order({ quantity: '0.01', ...(index % 3 === 2 ? { side: 'sell' as const, quantity: '0.005' } : {}) }));
  // A sell has the BTC the buys before it brought, or fails for want of it: either way once.
  const results = await Promise.all([...orders, ...orders].map(({ orderId }) => run(session, orderId)));
  for (const result of results) assert.ok(['filled', 'failed'].includes(result.state), result.state);
  for (const { orderId } of orders) {
    const row = await session.orderRow(orderId);
    assert.equal((await session.tradesOf(orderId)).length, row.sagaState === 'filled' ? 1 : 0);
  }
  await reconciled(session);
  assert.equal(await session.heldTotal(), '0');
  assert.equal(session.counts.started, orders.length);
});

test("an order a batch of this process filled: its own delivery knows it without reading it", async () => {
  const session = await paperSession(db);
  const first = await session.order({ quantity: '0.01' });
  const second = await session.order({ quantity: '0.01' });
  assert.deepEqual(await run(session, first.orderId), { state: 'filled' });
  // Gone from the database (nothing removes orders; this stands for "not read"): still filled for this process.
  await withTenant(db, session.tenantId, (tx) => tx.delete(orders).where(eq(orders.id, second.orderId)));
  assert.deepEqual(await run(session, second.orderId), { state: 'filled' });
  // An order it never saw finish is read, as before.
  const third = await session.order({ quantity: '0.01' });
  await withTenant(db, session.tenantId, (tx) => tx.delete(orders).where(eq(orders.id, third.orderId)));
  assert.deepEqual(await run(session, third.orderId), { state: 'missing' });
});

test("a delivery while a batch of its session is under way in this process waits for it instead of claiming on its own", async () => {
  const session = await paperSession(db);
  const first = await session.order({ quantity: '0.01' });
  const second = await session.order({ quantity: '0.01' });
  const [firstRow, secondRow] = [await session.orderRow(first.orderId), await session.orderRow(second.orderId)];
  let placements = 0;
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  // The first batch holds its transaction open until the second delivery has come.
  const venue: ExchangeConnector = {
    ...session.connector,
    preparePlacements: async (symbol) => {
      placements += 1;
      const book = await session.connector.preparePlacements!(symbol);
      return async (tx) => (await gate, book(tx));
    },
  };
  const filling = fillBatch(session.ctx, firstRow, venue);
  const waiting = fillBatch(session.ctx, secondRow, venue);
  open();
  assert.equal((await filling)?.sagaState, 'filled');
  assert.equal((await waiting)?.sagaState, 'filled', "the first batch's fill");
  assert.equal(placements, 1, 'one batch');
  const writers = await tradeWriters(session, [first.orderId, second.orderId]);
  assert.equal(writers.get(first.orderId), writers.get(second.orderId));
});
