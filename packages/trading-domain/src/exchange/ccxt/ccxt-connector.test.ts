import { startTradingTestDatabase } from '../../test-database.ts';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { isTradingDomainError } from '../../errors.ts';
import { binanceFixtureServer, type BinanceFixtureServer } from '../../testing.ts';
import type { PlaceOrderRequest } from '../connector.ts';
import { ccxtConnector, type CcxtConnectorOptions } from './ccxt-connector.ts';
import { postgresMarketsCache } from './markets-cache.ts';

/**
 * The CCXT connector driving Binance's spot API offline: CCXT's fetchImplementation is the fixture
 * server answering with recorded Binance responses (fixtures/binance-spot-trading.json).
 */

const trading = await startTradingTestDatabase();
after(trading.close);
const { db, pool } = trading;

const credentials = { apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A', secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j' };

/** A cache whose clock the test moves (the connector and the cache read the same clock). */
function setup(overrides: Partial<CcxtConnectorOptions> & { server?: BinanceFixtureServer; now?: { time: number } } = {}) {
  const server = overrides.server ?? binanceFixtureServer();
  const now = overrides.now ?? { time: Date.UTC(2024, 2, 1, 1) };
  const clock = () => new Date(now.time);
  const marketsCache = postgresMarketsCache({ db, ttlMs: 60 * 60 * 1000, clock });
  const connector = ccxtConnector({ exchange: 'binance', sandbox: false, credentials, fetchImplementation: server.fetch, marketsCache, clock, ...overrides });
  return { server, connector, now };
}

const paths = (server: BinanceFixtureServer, method?: string) =>
  server.calls.filter((call) => !method || call.method === method).map((call) => `${call.method} ${new URL(call.url).hostname}${new URL(call.url).pathname}`);
const order = (clientOrderId: string, overrides: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest => ({
  clientOrderId,
  symbol: 'BTC/USDT',
  side: 'buy',
  type: 'market',
  quantity: '0.01',
  limitPrice: null,
  ...overrides,
});

test('markets come from exchangeInfo once, then from Postgres with setMarkets, and again after the TTL', async () => {
  const first = setup();
  const markets = await first.connector.loadMarkets();
  assert.deepEqual(Object.keys(markets).sort(), ['BTC/USDT', 'ETH/BTC', 'ETH/USDT']);
  assert.deepEqual(markets['BTC/USDT'], {
    symbol: 'BTC/USDT',
    base: 'BTC',
    quote: 'USDT',
    active: true,
    makerFee: '0.001',
    takerFee: '0.001',
    minQuantity: '0.00001',
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
  });
  assert.deepEqual(paths(first.server), ['GET api.binance.com/api/v3/exchangeInfo']);

  const second = setup({ now: first.now });
  assert.deepEqual(await second.connector.loadMarkets(), markets);
  assert.deepEqual(await second.connector.fetchTicker('BTC/USDT'), { symbol: 'BTC/USDT', bid: '61523.39', ask: '61523.4', last: '61523.4', timestamp: 1709254800122 });
  assert.deepEqual(paths(second.server), ['GET api.binance.com/api/v3/ticker/24hr'], 'no exchangeInfo: the markets came from the cache');

  first.now.time += 2 * 60 * 60 * 1000;
  await second.connector.loadMarkets();
  assert.deepEqual(paths(second.server).at(-1), 'GET api.binance.com/api/v3/exchangeInfo', 'stale after the TTL: fetched again');
  assert.deepEqual(first.server.unexpected, []);
  assert.deepEqual(second.server.unexpected, []);
});

test('a market order is sent with our client order id and comes back filled with its fills\' commission; placing it again sends nothing', async () => {
  const { server, connector } = setup();
  const placed = await connector.placeOrder(order('x-market-buy-1'));
  assert.deepEqual(placed, {
    id: '25016738801',
    clientOrderId: 'x-market-buy-1',
    symbol: 'BTC/USDT',
    side: 'buy',
    type: 'market',
    status: 'closed',
    quantity: '0.01',
    filled: '0.01',
    averagePrice: '61523.46',
    fee: { currency: 'BTC', cost: '0.00001' },
    timestamp: 1709254800123,
  });
  const post = server.calls.find((call) => call.method === 'POST')!;
  assert.equal(post.apiKey, credentials.apiKey);
  assert.deepEqual(paths(server, 'POST'), ['POST api.binance.com/api/v3/order']);

  const again = await connector.placeOrder(order('x-market-buy-1'));
  assert.equal(again.id, placed.id);
  assert.equal(again.status, 'closed');
  assert.deepEqual(paths(server, 'POST'), ['POST api.binance.com/api/v3/order'], 'the retry found the order instead of placing a second one');
  assert.ok(server.calls.some((call) => call.method === 'GET' && new URL(call.url).searchParams.get('origClientOrderId') === 'x-market-buy-1'));
  assert.deepEqual(server.unexpected, []);
});

test('a resting limit order is listed open, found by client order id, cancelled once, and a second cancel is not an error', async () => {
  const { server, connector } = setup();
  const placed = await connector.placeOrder(order('x-limit-buy-1', { type: 'limit', limitPrice: '58000' }));
  assert.equal(placed.status, 'open');
  assert.equal(placed.filled, '0');
  assert.equal(placed.fee, null);
  assert.deepEqual((await connector.fetchOpenOrders('BTC/USDT')).map((each) => [each.id, each.clientOrderId, each.status]), [['25016739002', 'x-limit-buy-1', 'open']]);
  assert.deepEqual((await connector.fetchOpenOrders()).map((each) => each.id), ['25016739002']);
  await connector.cancelOrder('BTC/USDT', placed.id);
  assert.equal((await connector.findOrder('BTC/USDT', 'x-limit-buy-1'))?.status, 'canceled');
  assert.deepEqual(await connector.fetchOpenOrders('BTC/USDT'), []);
  await connector.cancelOrder('BTC/USDT', placed.id);
  assert.deepEqual(paths(server, 'DELETE'), ['DELETE api.binance.com/api/v3/order', 'DELETE api.binance.com/api/v3/order']);
  assert.deepEqual(server.unexpected, []);
});

test('an expired order maps to expired, an unknown client order id to null', async () => {
  const { server, connector } = setup();
  assert.equal(await connector.findOrder('BTC/USDT', 'x-ioc-sell-1'), null);
  const expired = await connector.placeOrder(order('x-ioc-sell-1', { side: 'sell', type: 'limit', quantity: '0.02', limitPrice: '65000' }));
  assert.equal(expired.status, 'expired');
  assert.equal((await connector.findOrder('BTC/USDT', 'x-ioc-sell-1'))?.status, 'expired');
  assert.deepEqual(server.unexpected, []);
});

test('balance, ticker and order book in decimal strings', async () => {
  const { connector } = setup();
  assert.deepEqual(await connector.fetchBalance(), {
    BTC: { free: '0.51', used: '0', total: '0.51' },
    ETH: { free: '0', used: '0', total: '0' },
    USDT: { free: '9384.7654', used: '580', total: '9964.7654' },
  });
  const book = await connector.fetchOrderBook('BTC/USDT', 5);
  assert.deepEqual(book.bids[0], ['61523.39', '1.20342']);
  assert.deepEqual(book.asks.map(([price]) => price), ['61523.4', '61523.55', '61524', '61524.9', '61525.2']);
});

test('Binance errors map to the contract: -2010 insufficient balance and an unknown symbol are rejections, 503 and a timeout are unavailability', async () => {
  const server = binanceFixtureServer();
  const { connector } = setup({ server, timeoutMs: 300 });
  await connector.loadMarkets();
  await assert.rejects(connector.placeOrder(order('x-too-large-1', { quantity: '100' })), (error) => isTradingDomainError(error, 'exchange_rejected') && /InsufficientFunds/.test(error.message));
  await assert.rejects(connector.fetchTicker('NOPE/USDT'), (error) => isTradingDomainError(error, 'exchange_rejected') && /BadSymbol/.test(error.message));
  server.failNext('unavailable');
  await assert.rejects(connector.fetchTicker('BTC/USDT'), (error) => isTradingDomainError(error, 'exchange_unavailable') && /ExchangeNotAvailable/.test(error.message));
  server.failNext('timeout');
  await assert.rejects(connector.fetchBalance(), (error) => isTradingDomainError(error, 'exchange_unavailable') && /RequestTimeout/.test(error.message));
  const anonymous = setup({ server, credentials: undefined });
  await assert.rejects(anonymous.connector.fetchBalance(), (error) => isTradingDomainError(error, 'exchange_error'));
});

test('sandbox mode talks to Binance\'s testnet and caches its markets apart from the live ones', async () => {
  const { server, connector } = setup({ sandbox: true });
  assert.equal(connector.mode, 'sandbox');
  await connector.placeOrder(order('x-market-buy-1'));
  const hosts = new Set(server.calls.map((call) => new URL(call.url).hostname));
  assert.deepEqual([...hosts], ['testnet.binance.vision']);
  assert.ok(paths(server).includes('GET testnet.binance.vision/api/v3/exchangeInfo'), 'testnet markets are not the live ones');
  const { rows } = await pool.query<{ sandbox: boolean }>('select sandbox from trading.exchange_markets where exchange = $1 order by sandbox', ['binance']);
  assert.deepEqual(rows.map((row) => row.sandbox), [false, true]);
});

test('an exchange CCXT does not know is unsupported', () => {
  assert.throws(() => setup({ exchange: 'nowhere' }), (error) => isTradingDomainError(error, 'unsupported_market'));
});
