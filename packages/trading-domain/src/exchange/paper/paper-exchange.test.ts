import { withTenant } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { startTradingTestDatabase } from '../../test-database.ts';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { isTradingDomainError } from '../../errors.ts';
import type { PlaceOrderRequest, PriceFeed } from '../connector.ts';
import { fundPaperAccount } from './fund-paper-account.ts';
import { createPaperExchange, type PaperExchangeOptions } from './paper-exchange.ts';
import { lockPaperAccount } from './paper-store.ts';

const trading = await startTradingTestDatabase();
after(trading.close);
const { db } = trading;

/** A price feed the test moves by hand (what replayed candles or a live ticker would give). */
function manualFeed(initial: Record<string, string>) {
  const prices = new Map(Object.entries(initial));
  let clock = Date.UTC(2024, 2, 1);
  const feed: PriceFeed = {
    lastPrice: async (symbol) => {
      const price = prices.get(symbol);
      if (price === undefined) throw new Error(`no price for ${symbol}`);
      return { price, timestamp: clock };
    },
  };
  return {
    feed,
    set: (symbol: string, price: string) => {
      prices.set(symbol, price);
      clock += 60_000;
    },
  };
}

async function paperAccount(funds: Record<string, string>, options: Partial<PaperExchangeOptions> = {}) {
  const tenantId = randomUUID();
  const account = randomUUID();
  const prices = manualFeed({ 'BTC/USDT': '50000' });
  for (const [asset, amount] of Object.entries(funds)) await fundPaperAccount({ db, tenantId, account, asset, amount });
  const connect = () => createPaperExchange({ db, tenantId, account, feed: prices.feed, takerFee: '0.001', makerFee: '0.0005', ...options });
  return { tenantId, account, prices, connect, exchange: connect() };
}

const market = (side: 'buy' | 'sell', quantity: string, clientOrderId: string = randomUUID()): PlaceOrderRequest => ({ clientOrderId, symbol: 'BTC/USDT', side, type: 'market', quantity, limitPrice: null });
const limit = (side: 'buy' | 'sell', quantity: string, limitPrice: string, clientOrderId: string = randomUUID()): PlaceOrderRequest => ({
  clientOrderId,
  symbol: 'BTC/USDT',
  side,
  type: 'limit',
  quantity,
  limitPrice,
});

test('a market buy fills at once at the feed price moved by slippage, paying the taker fee in the quote asset', async () => {
  const { exchange } = await paperAccount({ USDT: '10000' }, { slippage: '0.002' });
  const order = await exchange.placeOrder(market('buy', '0.1'));
  // 50000 × 1.002 = 50100; notional 5010; fee 0.1 % = 5.01
  assert.equal(order.status, 'closed');
  assert.equal(order.filled, '0.1');
  assert.equal(order.averagePrice, '50100');
  assert.deepEqual(order.fee, { currency: 'USDT', cost: '5.01' });
  assert.equal(order.timestamp, Date.UTC(2024, 2, 1));
  assert.deepEqual(await exchange.fetchBalance(), {
    BTC: { free: '0.1', used: '0', total: '0.1' },
    USDT: { free: '4984.99', used: '0', total: '4984.99' },
  });
});

test('a market sell fills below the feed price and receives the notional net of the fee', async () => {
  const { exchange } = await paperAccount({ BTC: '1' }, { slippage: '0.001' });
  const order = await exchange.placeOrder(market('sell', '0.5'));
  // 50000 × 0.999 = 49950; notional 24975; fee 24.975
  assert.equal(order.averagePrice, '49950');
  assert.deepEqual(order.fee, { currency: 'USDT', cost: '24.975' });
  const balance = await exchange.fetchBalance();
  assert.equal(balance['BTC']?.free, '0.5');
  assert.equal(balance['USDT']?.free, '24950.025');
});

test('the same clientOrderId again returns the first order and never fills twice', async () => {
  const { exchange } = await paperAccount({ USDT: '10000' });
  const request = market('buy', '0.1');
  const [first, second] = await Promise.all([exchange.placeOrder(request), exchange.placeOrder(request)]);
  const third = await exchange.placeOrder({ ...request, quantity: '0.15' });
  assert.equal(first.id, second.id);
  assert.equal(first.id, third.id);
  assert.equal(third.quantity, '0.1');
  assert.equal((await exchange.fetchBalance())['BTC']?.free, '0.1');
  assert.deepEqual(await exchange.findOrder('BTC/USDT', request.clientOrderId), first);
  assert.equal(await exchange.findOrder('BTC/USDT', randomUUID()), null);
});

test('an order larger than the free balance is rejected and changes nothing', async () => {
  const { exchange } = await paperAccount({ USDT: '1000' });
  await assert.rejects(exchange.placeOrder(market('buy', '0.1')), (error) => isTradingDomainError(error, 'exchange_rejected') && /Insufficient USDT/.test(error.message));
  await assert.rejects(exchange.placeOrder(market('sell', '0.1')), (error) => isTradingDomainError(error, 'exchange_rejected') && /Insufficient BTC/.test(error.message));
  await assert.rejects(exchange.placeOrder(limit('buy', '1', '40000')), (error) => isTradingDomainError(error, 'exchange_rejected'));
  await assert.rejects(exchange.placeOrder(limit('buy', '0', '40000')), (error) => isTradingDomainError(error, 'exchange_rejected') && error.errors[0]?.field === 'quantity');
  await assert.rejects(exchange.placeOrder({ ...market('buy', '0.01'), symbol: 'BTCUSDT' }), (error) => isTradingDomainError(error, 'exchange_rejected') && error.errors[0]?.field === 'symbol');
  assert.deepEqual(await exchange.fetchBalance(), { USDT: { free: '1000', used: '0', total: '1000' } });
  assert.deepEqual(await exchange.fetchOpenOrders(), []);
});

test('a limit buy below the market rests holding its cost, and fills at its limit with the maker fee once the feed crosses it', async () => {
  const { exchange, prices } = await paperAccount({ USDT: '10000' });
  const request = limit('buy', '0.1', '49000');
  const resting = await exchange.placeOrder(request);
  assert.equal(resting.status, 'open');
  assert.equal(resting.filled, '0');
  // 0.1 × 49000 = 4900, plus the 0.05 % maker fee 2.45
  assert.deepEqual((await exchange.fetchBalance())['USDT'], { free: '5097.55', used: '4902.45', total: '10000' });
  assert.deepEqual((await exchange.fetchOpenOrders('BTC/USDT')).map((order) => order.id), [resting.id]);

  prices.set('BTC/USDT', '49500');
  assert.equal((await exchange.findOrder('BTC/USDT', request.clientOrderId))?.status, 'open');
  prices.set('BTC/USDT', '48900');
  const filled = await exchange.findOrder('BTC/USDT', request.clientOrderId);
  assert.equal(filled?.status, 'closed');
  assert.equal(filled?.averagePrice, '49000');
  assert.deepEqual(filled?.fee, { currency: 'USDT', cost: '2.45' });
  assert.deepEqual(await exchange.fetchBalance(), {
    BTC: { free: '0.1', used: '0', total: '0.1' },
    USDT: { free: '5097.55', used: '0', total: '5097.55' },
  });
});

test('a limit sell rests until fetchOpenOrders or another order sees the price reach it', async () => {
  const { exchange, prices } = await paperAccount({ BTC: '1', USDT: '100000' });
  const resting = await exchange.placeOrder(limit('sell', '0.4', '51000'));
  assert.deepEqual((await exchange.fetchBalance())['BTC'], { free: '0.6', used: '0.4', total: '1' });
  prices.set('BTC/USDT', '51200');
  assert.deepEqual(await exchange.fetchOpenOrders(), []);
  const balance = await exchange.fetchBalance();
  // 0.4 × 51000 = 20400 less 10.2 maker fee
  assert.deepEqual(balance['BTC'], { free: '0.6', used: '0', total: '0.6' });
  assert.equal(balance['USDT']?.free, '120389.8');

  const second = await exchange.placeOrder(limit('sell', '0.1', '52000'));
  prices.set('BTC/USDT', '52000');
  await exchange.placeOrder(market('buy', '0.01'));
  assert.equal((await exchange.findOrder('BTC/USDT', second.clientOrderId!))?.status, 'closed');
  assert.notEqual(resting.id, second.id);
});

test('a marketable limit order fills at once at the taker price, not its limit', async () => {
  const { exchange } = await paperAccount({ USDT: '10000' });
  const order = await exchange.placeOrder(limit('buy', '0.1', '55000'));
  assert.equal(order.status, 'closed');
  assert.equal(order.averagePrice, '50000');
  assert.deepEqual(order.fee, { currency: 'USDT', cost: '5' });
});

test('cancelling an open order releases what it held; cancelling a closed or unknown order is a no-op', async () => {
  const { exchange } = await paperAccount({ USDT: '10000' });
  const resting = await exchange.placeOrder(limit('buy', '0.1', '40000'));
  await exchange.cancelOrder('BTC/USDT', resting.id);
  assert.equal((await exchange.findOrder('BTC/USDT', resting.clientOrderId!))?.status, 'canceled');
  assert.deepEqual((await exchange.fetchBalance())['USDT'], { free: '10000', used: '0', total: '10000' });
  await exchange.cancelOrder('BTC/USDT', resting.id);
  await exchange.cancelOrder('BTC/USDT', randomUUID());
  await exchange.cancelOrder('BTC/USDT', 'not-an-id');
  assert.deepEqual((await exchange.fetchBalance())['USDT'], { free: '10000', used: '0', total: '10000' });
});

test('balances and orders persist: a new connector of the same account sees them and fills resting orders', async () => {
  const { exchange, connect, prices } = await paperAccount({ USDT: '10000' });
  const request = limit('buy', '0.1', '45000');
  await exchange.placeOrder(request);
  const restarted = connect();
  assert.equal((await restarted.fetchOpenOrders()).length, 1);
  prices.set('BTC/USDT', '44000');
  assert.equal((await restarted.findOrder('BTC/USDT', request.clientOrderId))?.status, 'closed');
  assert.equal((await restarted.fetchBalance())['BTC']?.free, '0.1');
});

test('accounts are isolated between tenants and between sessions of one tenant', async () => {
  const first = await paperAccount({ USDT: '10000' });
  const request = market('buy', '0.1');
  await first.exchange.placeOrder(request);
  const otherTenant = createPaperExchange({ db, tenantId: randomUUID(), account: first.account, feed: first.prices.feed });
  const otherSession = createPaperExchange({ db, tenantId: first.tenantId, account: randomUUID(), feed: first.prices.feed });
  for (const other of [otherTenant, otherSession]) {
    assert.deepEqual(await other.fetchBalance(), {});
    assert.equal(await other.findOrder('BTC/USDT', request.clientOrderId), null);
    await assert.rejects(other.placeOrder(request), (error) => isTradingDomainError(error, 'exchange_rejected'));
  }
});

test('concurrent orders on one account never overdraw it', async () => {
  const { exchange } = await paperAccount({ USDT: '1000' }, { takerFee: '0', slippage: '0' });
  // Each costs 500: exactly two of five can fill.
  const results = await Promise.allSettled(Array.from({ length: 5 }, () => exchange.placeOrder(market('buy', '0.01'))));
  assert.equal(results.filter((result) => result.status === 'fulfilled').length, 2);
  assert.deepEqual((await exchange.fetchBalance())['USDT'], { free: '0', used: '0', total: '0' });
});

test('ticker, order book and markets come from the feed and the configured symbols', async () => {
  const { exchange } = await paperAccount({ USDT: '1002.001', BTC: '0.3' }, { slippage: '0.001', symbols: ['BTC/USDT', 'ETH/BTC'] });
  assert.deepEqual(await exchange.fetchTicker('BTC/USDT'), { symbol: 'BTC/USDT', bid: '49950', ask: '50050', last: '50000', timestamp: Date.UTC(2024, 2, 1) });
  const book = await exchange.fetchOrderBook('BTC/USDT');
  assert.deepEqual(book.bids, [['49950', '0.3']]);
  assert.deepEqual(book.asks, [['50050', '0.02']]);
  const markets = await exchange.loadMarkets();
  assert.deepEqual(Object.keys(markets), ['BTC/USDT', 'ETH/BTC']);
  assert.deepEqual(markets['ETH/BTC'], { symbol: 'ETH/BTC', base: 'ETH', quote: 'BTC', active: true, takerFee: '0.001', makerFee: '0.0005', minQuantity: null, orderTypes: ['MARKET', 'LIMIT'] });
  assert.equal(exchange.mode, 'paper');
});

test('placements in one transaction: fills as placeOrder would, leaves out what it cannot fill at once, writes only on write', async () => {
  const { tenantId, exchange } = await paperAccount({ USDT: '1000' }, { slippage: '0.001' });
  const open = await exchange.preparePlacements!('BTC/USDT');
  const [first, short, resting, last] = [market('buy', '0.01'), market('buy', '0.02'), limit('buy', '0.001', '40000'), market('buy', '0.005')];
  const placed = await withTenant(db, tenantId, async (tx) => {
    const book = (await open(tx))!;
    // 0.01 × 50050 = 500.5, plus 0.5005 fee; 0.02 more would need 1002.002 of the 499 left.
    const answers = [first, short, resting, { ...market('buy', '0.01'), symbol: 'ETH/USDT' }, last].map((request) => book.place(request));
    await book.write();
    return answers;
  });
  assert.deepEqual(
    placed.map((order) => order && { status: order.status, filled: order.filled, price: order.averagePrice, fee: order.fee }),
    [
      { status: 'closed', filled: '0.01', price: '50050', fee: { currency: 'USDT', cost: '0.5005' } },
      null,
      null,
      null,
      { status: 'closed', filled: '0.005', price: '50050', fee: { currency: 'USDT', cost: '0.25025' } },
    ],
  );
  assert.equal((await exchange.findOrder('BTC/USDT', first.clientOrderId))?.id, placed[0]?.id);
  assert.equal(await exchange.findOrder('BTC/USDT', short.clientOrderId), null);
  assert.equal(await exchange.findOrder('BTC/USDT', resting.clientOrderId), null);
  const balance = await exchange.fetchBalance();
  assert.deepEqual(balance['USDT'], { free: '248.49925', used: '0', total: '248.49925' });
  assert.equal(balance['BTC']?.free, '0.015');
  // The same orders through placeOrder give the same account.
  const { exchange: alone } = await paperAccount({ USDT: '1000' }, { slippage: '0.001' });
  await alone.placeOrder(market('buy', '0.01'));
  await alone.placeOrder(market('buy', '0.005'));
  assert.deepEqual((await alone.fetchBalance())['USDT'], balance['USDT']);
});

test('placements wait for an account another transaction holds a moment, then give up as exchange_unavailable', async () => {
  const { tenantId, account, exchange } = await paperAccount({ USDT: '1000' });
  const open = await exchange.preparePlacements!('BTC/USDT');
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding = () => undefined as void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const holder = withTenant(db, tenantId, async (tx) => {
    await lockPaperAccount(tx, { tenantId, account });
    holding();
    await released;
  });
  await held;
  try {
    await assert.rejects(
      withTenant(db, tenantId, (tx) => open(tx)),
      (error: unknown) => isTradingDomainError(error) && error.code === 'exchange_unavailable',
    );
  } finally {
    release();
    await holder;
  }
  // Free again: the lock is taken, and the wait's timeout does not outlive it.
  const timeout = await withTenant(db, tenantId, async (tx) => {
    await open(tx);
    const { rows } = await tx.execute<{ timeout: string }>(sql`select current_setting('lock_timeout') as timeout`);
    return rows[0]?.timeout;
  });
  assert.equal(timeout, '0');
});
