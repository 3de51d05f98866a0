import { startTradingTestDatabase } from '../test-database.ts';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { isTradingDomainError } from '../errors.ts';
import type { OrderBook } from '../exchange/connector.ts';
import { publicConnectors } from '../exchange/public-connectors.ts';
import { binanceFixtureServer } from '../testing.ts';
import { findOpportunities } from './find-opportunities.ts';
import { listArbitrageOpportunities } from './list-opportunities.ts';
import { scanArbitrage } from './scan-arbitrage.ts';
import type { ArbitrageContext } from './types.ts';

const trading = await startTradingTestDatabase();
after(trading.close);
const { db, admin } = trading;

const book = (bids: Array<[string, string]>, asks: Array<[string, string]>): OrderBook => ({ symbol: 'BTC/USDT', bids, asks, timestamp: 0 });

test('a spread counts net of both taker fees, over the smaller of the two top levels', () => {
  const cheap = { exchange: 'a', book: book([['99', '5']], [['100', '2']]), takerFee: '0.001' };
  const dear = { exchange: 'b', book: book([['101', '0.5']], [['102', '1']]), takerFee: '0.002' };
  // Buy on a at 100 × 1.001 = 100.1, sell on b at 101 × 0.998 = 100.798: 0.698 per unit, 0.698 % of 100.
  assert.deepEqual(findOpportunities('BTC/USDT', [cheap, dear], '0.005'), [
    {
      symbol: 'BTC/USDT',
      buyExchange: 'a',
      sellExchange: 'b',
      buyPrice: '100',
      sellPrice: '101',
      buyFee: '0.001',
      sellFee: '0.002',
      netSpread: '0.00698',
      maxQuantity: '0.5',
      netProfit: '0.349',
    },
  ]);
  assert.deepEqual(findOpportunities('BTC/USDT', [cheap, dear], '0.007'), [], 'below the threshold');
  // The gross spread (1 %) would pass 0.008; the fees take it below.
  assert.deepEqual(findOpportunities('BTC/USDT', [cheap, dear], '0.008'), []);
  assert.deepEqual(findOpportunities('BTC/USDT', [cheap, { ...dear, book: book([], []) }], '0'), [], 'an empty book offers nothing');
});

function context(binance = binanceFixtureServer()): ArbitrageContext {
  return { db, clock: () => new Date('2024-03-01T01:00:00Z'), traceId: undefined, tenantId: randomUUID(), actorId: randomUUID(), connectorFor: publicConnectors({ db, fetchImplementation: binance.fetch }) };
}

test('a scan of Binance against Binance.US finds the recorded spread, records it and emits ArbitrageOpportunityFound', async () => {
  const ctx = context();
  const found = await scanArbitrage({ ctx, input: { symbol: 'BTC/USDT', exchanges: ['binance', 'binanceus'], threshold: '0.0005' } });
  // Buy Binance's ask 61523.4 × 1.001, sell Binance.US's bid 61700 × 0.999: 53.3766 per unit.
  assert.equal(found.length, 1);
  const [opportunity] = found;
  assert.deepEqual({ ...opportunity, id: undefined }, {
    id: undefined,
    symbol: 'BTC/USDT',
    buyExchange: 'binance',
    sellExchange: 'binanceus',
    buyPrice: '61523.4',
    sellPrice: '61700',
    buyFee: '0.001',
    sellFee: '0.001',
    netSpread: '0.000867582',
    maxQuantity: '0.04',
    netProfit: '2.135064',
    threshold: '0.0005',
    foundAt: new Date('2024-03-01T01:00:00Z'),
  });
  const { rows } = await admin.query('select type, aggregate_type, aggregate_id, payload from trading.outbox where tenant_id = $1', [ctx.tenantId]);
  assert.deepEqual(rows, [
    {
      type: 'ArbitrageOpportunityFound',
      aggregate_type: 'market',
      aggregate_id: 'BTC/USDT',
      payload: {
        symbol: 'BTC/USDT',
        buyExchange: 'binance',
        sellExchange: 'binanceus',
        buyPrice: '61523.4',
        sellPrice: '61700',
        netSpread: '0.000867582',
        maxQuantity: '0.04',
        foundAt: '2024-03-01T01:00:00.000Z',
      },
    },
  ]);
  const audit = await admin.query(`select count(*)::int as count from trading.event_log where tenant_id = $1 and type = 'ArbitrageOpportunityFound'`, [ctx.tenantId]);
  assert.equal(audit.rows[0].count, 1);
  const page = await listArbitrageOpportunities({ ctx, input: { limit: 10 } });
  assert.deepEqual(page.items, found);
});

test('below the threshold a scan finds nothing and records nothing', async () => {
  const ctx = context();
  assert.deepEqual(await scanArbitrage({ ctx, input: { symbol: 'BTC/USDT', exchanges: ['binance', 'binanceus'], threshold: '0.001' } }), []);
  const { rows } = await admin.query('select count(*)::int as count from trading.outbox where tenant_id = $1', [ctx.tenantId]);
  assert.equal(rows[0].count, 0);
  assert.deepEqual((await listArbitrageOpportunities({ ctx, input: { limit: 10 } })).items, []);
});

test('opportunities are the tenant\'s own and page newest first', async () => {
  const ctx = context();
  for (let scan = 0; scan < 3; scan++) {
    await scanArbitrage({ ctx: { ...ctx, clock: () => new Date(Date.UTC(2024, 2, 1, scan)) }, input: { symbol: 'BTC/USDT', exchanges: ['binance', 'binanceus'], threshold: '0' } });
  }
  const first = await listArbitrageOpportunities({ ctx, input: { limit: 2 } });
  assert.deepEqual(first.items.map((item) => item.foundAt.getUTCHours()), [2, 1]);
  const second = await listArbitrageOpportunities({ ctx, input: { limit: 2, cursor: first.nextCursor! } });
  assert.deepEqual(second.items.map((item) => item.foundAt.getUTCHours()), [0]);
  assert.equal(second.nextCursor, null);
  assert.deepEqual((await listArbitrageOpportunities({ ctx: { ...ctx, tenantId: randomUUID() }, input: { limit: 10 } })).items, []);
});

test('bad scans are refused naming the field', async () => {
  const ctx = context();
  const field = (error: unknown) => (isTradingDomainError(error) ? `${error.code}:${error.errors[0]?.field}` : String(error));
  await assert.rejects(scanArbitrage({ ctx, input: { symbol: 'BTC/USDT', exchanges: ['binance'], threshold: '0' } }), (error) => field(error) === 'invalid_input:exchanges');
  await assert.rejects(scanArbitrage({ ctx, input: { symbol: 'BTC/USDT', exchanges: ['binance', 'binance'], threshold: '0' } }), (error) => field(error) === 'invalid_input:exchanges');
  await assert.rejects(scanArbitrage({ ctx, input: { symbol: 'BTC/USDT', exchanges: ['binance', 'nowhere'], threshold: '0' } }), (error) => field(error) === 'unsupported_market:exchanges');
  await assert.rejects(scanArbitrage({ ctx, input: { symbol: 'BTC/USDT', exchanges: ['binance', 'binanceus'], threshold: '-1' } }), (error) => field(error) === 'invalid_input:threshold');
  await assert.rejects(scanArbitrage({ ctx, input: { symbol: 'SOL/USDT', exchanges: ['binance', 'binanceus'], threshold: '0' } }), (error) => field(error) === 'unsupported_market:exchanges');
});
