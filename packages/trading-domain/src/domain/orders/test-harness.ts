import { createPool, migrateSchema, runtimeRoleFor, withTenant, type Database } from '@ai-service/db';
import { createTestDatabase, repoRoot, requireTestDatabaseUrl } from '@ai-service/testing';
import { and, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { orders, outbox, reservations, trades } from '../../db/schema/index.ts';
import { TradingDomainError } from '../../errors.ts';
import type { ExchangeConnector, PriceFeed } from '../../exchange/connector.ts';
import { fundPaperAccount } from '../../exchange/paper/fund-paper-account.ts';
import { createPaperExchange } from '../../exchange/paper/paper-exchange.ts';
import type { OrderSagaContext, SagaSettings } from './context.ts';
import { fundSession } from './fund-session.ts';
import { requestOrder, type RequestOrderInput } from './request-order.ts';

/** A saga context whose timeout scheduler, sweeper and telemetry do nothing: for tests that drive the saga's steps themselves. */
export const quietSagaContext = ({ db, clock, connectors }: Pick<OrderSagaContext, 'db' | 'clock' | 'connectors'>): OrderSagaContext => ({
  db,
  clock,
  traceId: undefined,
  connectors,
  settings: { orderTimeoutMs: 60_000, reservationTtlMs: 300_000, slippageMargin: '0.01' },
  scheduler: { orderTimeout: async () => undefined, sweeper: async () => undefined },
  telemetry: { started: () => undefined, completed: () => undefined, compensated: () => undefined, orderSent: () => undefined },
});

/** A migrated trading schema on the test file's own database, used through the runtime role (under RLS). */
export async function sagaDatabase() {
  const database = await createTestDatabase(requireTestDatabaseUrl());
  await migrateSchema({ url: database.url, schema: 'trading', migrationsFolder: join(repoRoot, 'apps/trading-svc/drizzle') });
  const pool = createPool({ url: database.url, max: 8, role: runtimeRoleFor('trading') });
  return { db: drizzle(pool) as Database, close: async () => (await pool.end(), await database.drop()) };
}

/**
 * One paper session of a fresh tenant (or a session on `venue`): its saga balances and its paper account funded alike, a price
 * feed the test moves (what replayed candles give the paper exchange; `silent` makes it unavailable,
 * as a replay before its first candle is), a clock the test moves, and what the saga scheduled.
 */
export async function paperSession(
  db: Database,
  { funds = { USDT: '10000' }, settings = {}, venue }: { funds?: Record<string, string>; settings?: Partial<SagaSettings>; venue?: ExchangeConnector } = {},
) {
  const tenantId = randomUUID();
  const sessionId = randomUUID();
  const prices = new Map<string, string>([['BTC/USDT', '50000']]);
  let silent = false;
  let now = new Date('2026-01-05T10:00:00Z');
  const feed: PriceFeed = {
    lastPrice: async (symbol) => {
      if (silent) throw new TradingDomainError('exchange_unavailable', 'The price feed did not answer.');
      return { price: prices.get(symbol)!, timestamp: now.getTime() };
    },
  };
  const connector: ExchangeConnector = venue ?? createPaperExchange({ db, tenantId, account: sessionId, feed, takerFee: '0.001', makerFee: '0.001', symbols: ['BTC/USDT'] });
  for (const [asset, amount] of Object.entries(funds)) {
    await withTenant(db, tenantId, (tx) => fundSession(tx, { tenantId, sessionId, asset, amount }));
    if (!venue) await fundPaperAccount({ db, tenantId, account: sessionId, asset, amount });
  }
  const scheduled = { timeouts: [] as Array<{ orderId: string; at: Date }>, sweepers: new Set<string>() };
  const counts = { started: 0, filled: 0, failed: 0, compensated: 0, sent: 0 };
  const ctx: OrderSagaContext = {
    db,
    clock: () => now,
    traceId: undefined,
    connectors: async () => connector,
    settings: { orderTimeoutMs: 60_000, reservationTtlMs: 300_000, slippageMargin: '0.01', ...settings },
    scheduler: {
      orderTimeout: async (order, at) => void scheduled.timeouts.push({ orderId: order.orderId, at }),
      sweeper: async (tenant) => void scheduled.sweepers.add(tenant),
    },
    telemetry: {
      started: () => void (counts.started += 1),
      completed: (outcome) => void (counts[outcome] += 1),
      compensated: () => void (counts.compensated += 1),
      orderSent: () => void (counts.sent += 1),
    },
  };
  const order = (input: Partial<RequestOrderInput> = {}) =>
    requestOrder({
      ctx,
      input: { tenantId, sessionId, exchange: 'paper', mode: 'paper', symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: '0.1', limitPrice: null, ...input },
    });
  const inTenant = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(db, tenantId, work);
  return {
    tenantId,
    sessionId,
    ctx,
    connector,
    scheduled,
    counts,
    order,
    setPrice: (price: string) => void prices.set('BTC/USDT', price),
    setSilent: (value: boolean) => void (silent = value),
    advance: (ms: number) => void (now = new Date(now.getTime() + ms)),
    orderRow: (orderId: string) => inTenant(async (tx) => (await tx.select().from(orders).where(eq(orders.id, orderId)))[0]!),
    reservationsOf: (orderId: string) => inTenant((tx) => tx.select().from(reservations).where(eq(reservations.orderId, orderId))),
    tradesOf: (orderId: string) => inTenant((tx) => tx.select().from(trades).where(eq(trades.orderId, orderId))),
    events: (orderId: string) =>
      inTenant(async (tx) => (await tx.select({ type: outbox.type, payload: outbox.payload }).from(outbox).where(and(eq(outbox.aggregateId, orderId))).orderBy(outbox.position)) as Array<{ type: string; payload: Record<string, unknown> }>),
    heldTotal: () =>
      inTenant(async (tx) => (await tx.execute<{ total: string }>(sql`select coalesce(sum(amount), 0)::text as total from ${reservations} where status = 'held'`)).rows[0]!.total),
  };
}
