import type { Transaction } from '@ai-service/db';
import { appendEvents } from '@ai-service/outbox';
import type { TradingContext } from '../context.ts';
import { outbox } from '../db/schema/index.ts';
import { audit } from '../domain/audit.ts';
import { insertOpportunities } from '../repositories/arbitrage.ts';
import type { OpportunityView } from './types.ts';

/**
 * Records found opportunities inside the caller's transaction: their rows, one
 * `ArbitrageOpportunityFound` each (outbox) and an audit row each. `actorId` is the user who scanned,
 * null for a watch's scheduled scan.
 */
export async function recordOpportunities(tx: Transaction, ctx: Pick<TradingContext, 'clock' | 'traceId'>, tenantId: string, actorId: string | null, views: readonly OpportunityView[]): Promise<void> {
  if (views.length === 0) return;
  await insertOpportunities(tx, views.map((view) => ({ ...view, tenantId })));
  await appendEvents(
    tx,
    outbox,
    views.map((view) => ({
      type: 'ArbitrageOpportunityFound' as const,
      id: view.id,
      tenantId,
      aggregateId: view.symbol,
      occurredAt: view.foundAt,
      payload: {
        symbol: view.symbol,
        buyExchange: view.buyExchange,
        sellExchange: view.sellExchange,
        buyPrice: view.buyPrice,
        sellPrice: view.sellPrice,
        netSpread: view.netSpread,
        maxQuantity: view.maxQuantity,
        foundAt: view.foundAt.toISOString(),
      },
    })),
  );
  for (const view of views) {
    await audit(tx, ctx, {
      type: 'ArbitrageOpportunityFound',
      tenantId,
      actorId,
      aggregate: { type: 'arbitrage_opportunity', id: view.id },
      payload: { symbol: view.symbol, buyExchange: view.buyExchange, sellExchange: view.sellExchange, netSpread: view.netSpread },
    });
  }
}
