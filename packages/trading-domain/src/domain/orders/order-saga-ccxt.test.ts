import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, test } from 'node:test';
import { ccxtConnector } from '../../exchange/ccxt/ccxt-connector.ts';
import { postgresMarketsCache } from '../../exchange/ccxt/markets-cache.ts';
import { binanceFixtureServer } from '../../testing.ts';
import { checkOrderTimeout } from './check-order-timeout.ts';
import { runOrderSaga } from './run-order-saga.ts';
import { sessionBalances } from './session-balances.ts';
import { sessionPositions } from './session-positions.ts';
import { paperSession, sagaDatabase } from './test-harness.ts';

const { db, close } = await sagaDatabase();
// A Binance that accepts connections and never answers: the client's timeout has to fire.
const sockets = new Set<Socket>();
const silent: Server = createServer(() => undefined);
silent.on('connection', (socket) => sockets.add(socket));
await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
after(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await close();
});

const credentials = { apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A', secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j' };
const marketsCache = postgresMarketsCache({ db });
const binance = (fetchImplementation: typeof fetch) => ccxtConnector({ exchange: 'binance', sandbox: false, credentials, fetchImplementation, marketsCache, timeoutMs: 300 });
const binanceOrder = { exchange: 'binance', mode: 'live' as const };

test('Binance (CCXT, recorded responses) refuses the order for insufficient balance: the reservation is released and OrderFailed says rejected', async () => {
  const server = binanceFixtureServer();
  // Binance's answer to an order the account cannot pay (as recorded in fixtures/binance-spot-trading.json); the rest from the recordings.
  const refusing = ((input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if ((init?.method ?? 'GET').toUpperCase() !== 'POST' || url.pathname !== '/api/v3/order') return server.fetch(input, init);
    const body = JSON.stringify({ code: -2010, msg: 'Account has insufficient balance for requested action.' });
    return Promise.resolve(new Response(body, { status: 400, headers: { 'content-type': 'application/json' } }));
  }) as typeof fetch;
  const session = await paperSession(db, { venue: binance(refusing), funds: { USDT: '10000000' } });
  const { orderId } = await session.order({ ...binanceOrder, type: 'limit', limitPrice: '60000', quantity: '100' });
  assert.deepEqual(await runOrderSaga({ ctx: session.ctx, input: { tenantId: session.tenantId, orderId } }), { state: 'failed' });
  const order = await session.orderRow(orderId);
  assert.equal(order.failureReason, 'rejected');
  assert.match(order.failureDetail ?? '', /InsufficientFunds/);
  assert.equal((await session.reservationsOf(orderId))[0]?.status, 'released');
  assert.deepEqual(await sessionBalances({ ctx: session.ctx, input: session }), [{ asset: 'USDT', free: '10000000', reserved: '0' }]);
  const failed = (await session.events(orderId)).at(-1);
  assert.deepEqual({ type: failed?.type, reason: failed?.payload['reason'] }, { type: 'OrderFailed', reason: 'rejected' });
  assert.deepEqual(server.unexpected, []);
});

test('Binance silent (CCXT against a server that never answers): the order waits reserved, then its timeout compensates it, unconfirmed at the venue', async () => {
  // Markets are loaded once from the recordings into the Postgres cache; every later request goes to the silent server.
  await binance(binanceFixtureServer().fetch).loadMarkets();
  const { port } = silent.address() as AddressInfo;
  const toSilent = ((input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    return fetch(`http://127.0.0.1:${port}${url.pathname}${url.search}`, init);
  }) as typeof fetch;
  const session = await paperSession(db, { venue: binance(toSilent), funds: { USDT: '10000' } });
  const { orderId } = await session.order({ ...binanceOrder, type: 'limit', limitPrice: '60000', quantity: '0.1' });

  assert.deepEqual(await runOrderSaga({ ctx: session.ctx, input: { tenantId: session.tenantId, orderId } }), { state: 'reserved' });
  const deadline = (await session.orderRow(orderId)).timeoutAt!;
  assert.deepEqual(session.scheduled.timeouts, [{ orderId, at: deadline }], 'the timeout job is armed at the deadline');
  assert.equal((await sessionBalances({ ctx: session.ctx, input: session }))[0]?.reserved, '6066');

  session.advance(60_000);
  assert.deepEqual(await checkOrderTimeout({ ctx: session.ctx, input: { tenantId: session.tenantId, orderId } }), { state: 'failed' });
  const order = await session.orderRow(orderId);
  assert.deepEqual({ reason: order.failureReason, detail: order.failureDetail }, { reason: 'timeout', detail: `the venue did not answer by the deadline ${deadline.toISOString()}` });
  assert.deepEqual(await sessionBalances({ ctx: session.ctx, input: session }), [{ asset: 'USDT', free: '10000', reserved: '0' }]);
  const failed = (await session.events(orderId)).at(-1);
  assert.deepEqual({ type: failed?.type, reason: failed?.payload['reason'], compensated: failed?.payload['compensated'] }, { type: 'OrderFailed', reason: 'timeout', compensated: false });
  assert.equal(session.counts.compensated, 1);
});

/**
 * Binance as recorded, but for a market buy whose fills pay their commission in BNB (the account's
 * "use BNB for fees" discount) and, when `bnbPrice` is given, a BNBUSDT market (exchangeInfo: the
 * recorded ETHUSDT entry as BNB) and its 24-hour ticker.
 */
function binanceChargingBnb(bnbPrice: string | null): typeof fetch {
  const server = binanceFixtureServer();
  const answer = (body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method === 'POST' && url.pathname === '/api/v3/order') {
      const clientOrderId = new URLSearchParams(typeof init?.body === 'string' ? init.body : url.search).get('newClientOrderId');
      return answer({
        symbol: 'BTCUSDT', orderId: 25016738901, orderListId: -1, clientOrderId, transactTime: 1709254800123, price: '0.00000000', origQty: '0.01000000', executedQty: '0.01000000',
        origQuoteOrderQty: '0.00000000', cummulativeQuoteQty: '615.23400000', status: 'FILLED', timeInForce: 'GTC', type: 'MARKET', side: 'BUY', workingTime: 1709254800123,
        fills: [{ price: '61523.40000000', qty: '0.01000000', commission: '0.00115358', commissionAsset: 'BNB', tradeId: 3461178101 }],
        selfTradePreventionMode: 'EXPIRE_MAKER',
      });
    }
    if (bnbPrice !== null && url.pathname === '/api/v3/exchangeInfo') {
      const info = (await (await server.fetch(input, init)).json()) as { symbols: Array<Record<string, unknown>> };
      const eth = info.symbols.find((market) => market['symbol'] === 'ETHUSDT')!;
      return answer({ ...info, symbols: [...info.symbols, { ...eth, symbol: 'BNBUSDT', baseAsset: 'BNB' }] });
    }
    if (bnbPrice !== null && url.pathname === '/api/v3/ticker/24hr' && url.searchParams.get('symbol') === 'BNBUSDT') {
      return answer({ symbol: 'BNBUSDT', lastPrice: bnbPrice, bidPrice: bnbPrice, askPrice: bnbPrice, openTime: 1709168400000, closeTime: 1709254800122, volume: '512034.21000000' });
    }
    return server.fetch(input, init);
  }) as typeof fetch;
}

test('a fee Binance charges in BNB counts in the position\'s fees at BNB\'s price in USDT when settled; without a BNBUSDT price it stays on the trade, unvalued', async () => {
  for (const [bnbPrice, fees] of [['400.00000000', '0.461432'], [null, '0']] as const) {
    // Markets loaded afresh (the cache is shared with the other tests, which load them without BNBUSDT).
    const venue = ccxtConnector({ exchange: 'binance', sandbox: false, credentials, fetchImplementation: binanceChargingBnb(bnbPrice), marketsCache: postgresMarketsCache({ db, ttlMs: 0 }), timeoutMs: 300 });
    const session = await paperSession(db, { venue, funds: { USDT: '1000' } });
    const { orderId } = await session.order({ ...binanceOrder, quantity: '0.01' });
    assert.deepEqual(await runOrderSaga({ ctx: session.ctx, input: { tenantId: session.tenantId, orderId } }), { state: 'filled' });
    const [trade] = await session.tradesOf(orderId);
    assert.deepEqual({ fee: trade?.fee, currency: trade?.feeCurrency }, { fee: '0.00115358', currency: 'BNB' });
    const [position] = await sessionPositions({ ctx: session.ctx, input: session });
    assert.deepEqual({ quantity: position?.quantity, fees: position?.feesPaid }, { quantity: '0.01', fees }, `BNB at ${bnbPrice}`);
    // No BNB is the session's: the fee moves neither its USDT nor its BTC.
    const balances = Object.fromEntries((await sessionBalances({ ctx: session.ctx, input: session })).map((row) => [row.asset, row.free]));
    assert.deepEqual(balances, { BTC: '0.01', USDT: '384.766' });
  }
});
