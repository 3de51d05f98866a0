import { withTenant, type Database } from '@ai-service/db';
import { consumeOnce } from '@ai-service/outbox';
import { and, eq, inArray } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { inbox, outbox } from '../../db/schema/index.ts';
import type { ExchangeConnector, PriceFeed } from '../../exchange/connector.ts';
import { fundPaperAccount } from '../../exchange/paper/fund-paper-account.ts';
import { createPaperExchange } from '../../exchange/paper/paper-exchange.ts';
import { fundSession } from '../../domain/orders/fund-session.ts';
import { runOrderSaga } from '../../domain/orders/run-order-saga.ts';
import { sessionBalances } from '../../domain/orders/session-balances.ts';
import { insertSession } from '../../repositories/sessions.ts';
import { TradingDomainError } from '../../errors.ts';
import { advanceArbitrageExecution } from './advance-arbitrage-execution.ts';
import { quietSagaContext } from '../../domain/orders/test-harness.ts';

export type LegSetup = {
  exchange: string;
  price: string;
  funds: Record<string, string>;
  state?: 'Live' | 'Monitoring' | 'Stopped';
  mode?: 'paper' | 'live';
  /** A replay session whose last consumed close is `price`: what worker-trading's paper exchange fills it at. */
  replay?: boolean;
};

/**
 * One tenant with a paper session per exchange (BTC/USDT, a taker fee of 0.1 %), each session's
 * saga balances and paper account funded alike, each exchange at its own price the test moves;
 * the saga run by hand (`runOrder`) and its OrderFilled / OrderFailed delivered by hand
 * (`deliver`) through the trading inbox, as worker-trading does.
 */
export async function arbitrageWorld(db: Database, legs: Record<'cheap' | 'dear', LegSetup>, { tenantId = randomUUID() }: { tenantId?: string } = {}) {
  const now = new Date('2026-01-05T10:00:00Z');
  const prices = new Map<string, string>();
  const connectors = new Map<string, ExchangeConnector>();
  const sessions = {} as Record<'cheap' | 'dear', string>;
  for (const [name, leg] of Object.entries(legs) as Array<['cheap' | 'dear', LegSetup]>) {
    const sessionId = randomUUID();
    sessions[name] = sessionId;
    prices.set(leg.exchange, leg.price);
    const feed: PriceFeed = { lastPrice: async () => ({ price: prices.get(leg.exchange)!, timestamp: now.getTime() }) };
    connectors.set(sessionId, createPaperExchange({ db, tenantId, account: sessionId, feed, takerFee: '0.001', makerFee: '0.001', symbols: ['BTC/USDT'] }));
    await withTenant(db, tenantId, async (tx) => {
      await insertSession(tx, {
        id: sessionId,
        tenantId,
        strategy: 'sma-crossover',
        parameters: {},
        exchange: leg.exchange,
        symbols: ['BTC/USDT'],
        timeframe: '1h',
        mode: leg.mode ?? 'paper',
        capital: leg.funds['USDT'] ?? '0',
        quoteAsset: 'USDT',
        priceSource: leg.replay ? 'replay' : 'live',
        ...(leg.replay && {
          replayFrom: new Date(now.getTime() - 86_400_000),
          replayTo: now,
          lastPrices: { 'BTC/USDT': { price: leg.price, time: now.getTime() - 3_600_000 } },
          lastCandleTime: new Date(now.getTime() - 3_600_000),
        }),
        state: leg.state ?? 'Live',
        createdAt: now,
        updatedAt: now,
      });
      for (const [asset, amount] of Object.entries(leg.funds)) await fundSession(tx, { tenantId, sessionId, asset, amount });
    });
    for (const [asset, amount] of Object.entries(leg.funds)) await fundPaperAccount({ db, tenantId, account: sessionId, asset, amount });
  }
  // Placements each session's venue answers with an error before it works again (failPlacements).
  const failures = new Map<string, number>();
  const venueOf = (sessionId: string): ExchangeConnector => {
    const connector = connectors.get(sessionId)!;
    const left = failures.get(sessionId) ?? 0;
    if (left === 0) return connector;
    // Without its in-database shortcuts, the saga places the order as on any venue: and fails.
    return {
      ...connector,
      preparePlacement: undefined,
      preparePlacements: undefined,
      placeOrder: async () => {
        failures.set(sessionId, left - 1);
        throw new TradingDomainError('exchange_error', `${connector.exchange} answered 500 Internal Server Error`);
      },
    };
  };
  const saga = quietSagaContext({ db, clock: () => now, connectors: async (venue) => venueOf(venue.sessionId) });
  const inTenant = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(db, tenantId, work);
  /** The order's OrderFilled / OrderFailed from trading's outbox. */
  const outcomeEvent = async (orderId: string) =>
    (await inTenant((tx) => tx.select({ id: outbox.id, payload: outbox.payload }).from(outbox).where(and(eq(outbox.aggregateId, orderId), inArray(outbox.type, ['OrderFilled', 'OrderFailed'])))))[0];
  return {
    tenantId,
    sessions,
    saga,
    setPrice: (exchange: string, price: string) => void prices.set(exchange, price),
    /** The session's venue answers its next `count` placements with an error (the saga fails those orders as `error`). */
    failPlacements: (sessionId: string, count: number) => void failures.set(sessionId, count),
    runOrder: (orderId: string) => runOrderSaga({ ctx: saga, input: { tenantId, orderId } }),
    /** Applies the order's outcome event once per event id, like worker-trading's consumer: 'duplicate' for a redelivery. */
    deliver: async (orderId: string) => {
      const event = await outcomeEvent(orderId);
      if (!event) throw new Error(`order ${orderId} has no outcome event yet`);
      const result = await consumeOnce(db, inbox, { consumer: 'trading', messageId: event.id, tenantId }, (tx) =>
        advanceArbitrageExecution({ ctx: { db, clock: () => now, traceId: undefined, tx }, input: { tenantId, orderId, compensated: (event.payload as { compensated?: boolean }).compensated } }),
      );
      return result.status === 'applied' ? result.value : 'duplicate';
    },
    balances: async (sessionId: string) =>
      Object.fromEntries((await sessionBalances({ ctx: saga, input: { tenantId, sessionId } })).map((row) => [row.asset, row.free])) as Record<string, string>,
  };
}
