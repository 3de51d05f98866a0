import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { arbitrageWorld } from '../../arbitrage/executions/test-harness.ts';
import { startTradingTestDatabase } from '../../test-database.ts';
import { requestOrder } from '../orders/request-order.ts';
import { listTradingAccounts } from './list-trading-accounts.ts';

const trading = await startTradingTestDatabase();
after(() => trading.close());
const { db } = trading;

type World = Awaited<ReturnType<typeof arbitrageWorld>>;

async function buy(world: World, sessionId: string, exchange: string, quantity: string) {
  const { orderId } = await requestOrder({
    ctx: world.saga,
    input: { tenantId: world.tenantId, sessionId, exchange, mode: 'paper', symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity, limitPrice: null },
  });
  assert.deepEqual(await world.runOrder(orderId), { state: 'filled' });
}

const accountsOf = (world: World) =>
  listTradingAccounts({ ctx: { db, clock: () => new Date(), traceId: undefined, tenantId: world.tenantId, actorId: 'user-1' } });

test('positions and PnL per exchange account: the sessions on one exchange and mode summed per symbol, marked as each session is, totals per quote asset; another tenant sees its own', async () => {
  // Two sessions on Binance (paper), marked at 50,000 (their last candle), filled at 49,000 with a 0.1 % fee.
  const leg = { exchange: 'binance', price: '50000', funds: { USDT: '10000' }, replay: true };
  const world = await arbitrageWorld(db, { cheap: leg, dear: leg });
  world.setPrice('binance', '49000');
  await buy(world, world.sessions.cheap, 'binance', '0.1');
  await buy(world, world.sessions.dear, 'binance', '0.05');

  const other = await arbitrageWorld(db, { cheap: { ...leg, exchange: 'kraken' }, dear: { ...leg, exchange: 'bitstamp' } });
  await buy(other, other.sessions.cheap, 'kraken', '0.1');

  // 0.15 BTC bought at 49,000: unrealized 0.15 × 1,000 = 150; fees 4.9 + 2.45.
  const pnl = { realized: '0', unrealized: '150', fees: '7.35', net: '142.65' };
  assert.deepEqual(await accountsOf(world), [
    { exchange: 'binance', mode: 'paper', sessions: 2, positions: [{ symbol: 'BTC/USDT', quantity: '0.15', sessions: 2, pnl }], pnl: [{ asset: 'USDT', ...pnl }] },
  ]);
  const others = await accountsOf(other);
  assert.deepEqual(
    others.map((account) => [account.exchange, account.sessions, account.positions.map((position) => position.quantity)]),
    [['bitstamp', 1, []], ['kraken', 1, ['0.1']]],
    'a session without trades counts, without positions',
  );
});
