import { startTradingTestDatabase } from '../test-database.ts';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import type { TenantContext } from '../context.ts';
import { setExchangeCredentials } from '../domain/exchange-credentials/set-exchange-credentials.ts';
import { deploySession } from '../domain/sessions/deploy-session.ts';
import { isTradingDomainError } from '../errors.ts';
import { binanceFixtureServer } from '../testing.ts';
import { createConnectorResolver } from './connector-resolver.ts';
import type { PriceFeed, SessionVenue } from './connector.ts';
import { liveTickerFeed } from './live-ticker-feed.ts';
import { fundPaperAccount } from './paper/fund-paper-account.ts';

const trading = await startTradingTestDatabase();
after(trading.close);
const { db } = trading;

const secretsKey = randomBytes(32);
const fixedFeed: PriceFeed = { lastPrice: async () => ({ price: '50000', timestamp: Date.UTC(2024, 2, 1) }) };
const credentials = { apiKey: 'sandbox-key-for-the-resolver-0001', secret: 'sandbox-secret-for-the-resolver' };

function tenant(): TenantContext & { permissions: string[]; secretsKey: Buffer } {
  return { db, clock: () => new Date(), traceId: undefined, tenantId: randomUUID(), actorId: randomUUID(), permissions: ['trading:trade', 'trading:live'], secretsKey };
}

test('a paper session trades on a paper exchange whose account is the session id, over the session\'s feed', async () => {
  const ctx = tenant();
  const venues: SessionVenue[] = [];
  const resolve = createConnectorResolver({ db, secretsKey, feedFor: (venue) => (venues.push(venue), fixedFeed), paper: { takerFee: '0.002' } });
  const venue: SessionVenue = { tenantId: ctx.tenantId, sessionId: randomUUID(), exchange: 'binance', mode: 'paper' };
  await fundPaperAccount({ db, tenantId: ctx.tenantId, account: venue.sessionId, asset: 'USDT', amount: '1000' });
  const connector = await resolve(venue);
  assert.equal(connector.mode, 'paper');
  assert.deepEqual(venues, [venue]);
  const order = await connector.placeOrder({ clientOrderId: randomUUID(), symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: '0.01', limitPrice: null });
  assert.deepEqual(order.fee, { currency: 'USDT', cost: '1' });
  assert.equal((await connector.fetchBalance())['USDT']?.free, '499');
  const withSymbols = createConnectorResolver({ db, secretsKey, feedFor: () => ({ feed: fixedFeed, symbols: ['BTC/USDT', 'ETH/USDT'] }) });
  assert.deepEqual(Object.keys(await (await withSymbols(venue)).loadMarkets()), ['BTC/USDT', 'ETH/USDT']);
});

test('a live session without stored credentials is not configured', async () => {
  const ctx = tenant();
  const resolve = createConnectorResolver({ db, secretsKey, feedFor: () => fixedFeed });
  await assert.rejects(resolve({ tenantId: ctx.tenantId, sessionId: randomUUID(), exchange: 'binance', mode: 'live' }), (error) => isTradingDomainError(error, 'not_configured') && /PUT \/v1\/trading\/exchanges\/binance\/credentials/.test(error.message));
});

test('a live sandbox session trades through CCXT on the testnet with the tenant\'s decrypted credentials; a ticker feeds paper prices', async () => {
  const ctx = tenant();
  await setExchangeCredentials({ ctx, input: { exchange: 'binance', sandbox: true, ...credentials } });
  const binance = binanceFixtureServer();
  const resolve = createConnectorResolver({ db, secretsKey, ccxt: { fetchImplementation: binance.fetch }, feedFor: () => fixedFeed });
  const venue: SessionVenue = { tenantId: ctx.tenantId, sessionId: randomUUID(), exchange: 'binance', mode: 'live', sandbox: true };
  const connector = await resolve(venue);
  assert.equal(connector.mode, 'sandbox');
  assert.equal(await resolve(venue), connector, 'one client per tenant, venue and key');
  const order = await connector.placeOrder({ clientOrderId: 'x-market-buy-1', symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: '0.01', limitPrice: null });
  assert.equal(order.status, 'closed');
  const signed = binance.calls.filter((call) => call.apiKey !== null);
  assert.ok(signed.length > 0 && signed.every((call) => call.apiKey === credentials.apiKey && new URL(call.url).hostname === 'testnet.binance.vision'));
  assert.deepEqual(await liveTickerFeed(connector).lastPrice('BTC/USDT'), { price: '61523.4', timestamp: 1709254800122 });
  await assert.rejects(resolve({ ...venue, sandbox: false }), (error) => isTradingDomainError(error, 'not_configured'), 'sandbox credentials are not live ones');
  assert.deepEqual(binance.unexpected, []);
});

test('an order\'s venue (no sandbox flag) trades where its session was deployed: the sandbox for a sandbox session, the live exchange otherwise', async () => {
  const ctx = tenant();
  await setExchangeCredentials({ ctx, input: { exchange: 'binance', sandbox: true, ...credentials } });
  const binance = binanceFixtureServer();
  const resolve = createConnectorResolver({ db, secretsKey, ccxt: { fetchImplementation: binance.fetch }, feedFor: () => fixedFeed });
  const deploy = (sandbox: boolean) =>
    deploySession({
      ctx: { ...ctx, permissions: ['trading:trade'], sessionJobs: { deploy: async () => undefined, stop: async () => undefined } },
      input: { strategy: 'sma-crossover', exchange: 'binance', symbols: ['BTC/USDT'], timeframe: '1h', mode: 'live', capital: '1000', sandbox, confirmLive: !sandbox },
    }).catch((error: unknown) => error);
  const sandboxed = await deploy(true);
  assert.ok(!(sandboxed instanceof Error) && (sandboxed as { sandbox: boolean }).sandbox, 'a sandbox session needs neither trading:live nor confirmLive');
  const connector = await resolve({ tenantId: ctx.tenantId, sessionId: (sandboxed as { id: string }).id, exchange: 'binance', mode: 'live' });
  assert.equal(connector.mode, 'sandbox');
  assert.ok(isTradingDomainError(await deploy(false), 'forbidden'), 'the live exchange still needs trading:live');
  await assert.rejects(resolve({ tenantId: ctx.tenantId, sessionId: randomUUID(), exchange: 'binance', mode: 'live' }), (error) => isTradingDomainError(error, 'not_configured') && /No live credentials/.test(error.message));
});

test('credentials sealed under another key do not open', async () => {
  const ctx = tenant();
  await setExchangeCredentials({ ctx, input: { exchange: 'binance', sandbox: true, ...credentials } });
  const resolve = createConnectorResolver({ db, secretsKey: randomBytes(32), feedFor: () => fixedFeed });
  await assert.rejects(resolve({ tenantId: ctx.tenantId, sessionId: randomUUID(), exchange: 'binance', mode: 'live', sandbox: true }), (error) => isTradingDomainError(error, 'not_configured') && /TRADING_SECRETS_KEY/.test(error.message));
});
