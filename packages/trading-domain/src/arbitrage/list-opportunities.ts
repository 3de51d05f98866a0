import { withTenant } from '@ai-service/db';
import { decimal, decimalToString } from '@ai-service/money';
import type { TenantContext } from '../context.ts';
import { decodeCursor, encodeCursor } from '../domain/cursor.ts';
import { listOpportunitiesPage, type ArbitrageCursor, type ArbitrageRow } from '../repositories/arbitrage.ts';
import type { OpportunityPage, OpportunityView } from './types.ts';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const readCursor = ([foundAt, id]: unknown[]): ArbitrageCursor | undefined =>
  typeof foundAt === 'string' && TIMESTAMP.test(foundAt) && typeof id === 'string' && UUID.test(id) ? { foundAt, id } : undefined;

/** The tenant's recorded opportunities, newest first, optionally of one symbol. */
export async function listArbitrageOpportunities({ ctx, input }: { ctx: TenantContext; input: { limit: number; cursor?: string | undefined; symbol?: string | undefined } }): Promise<OpportunityPage> {
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, readCursor);
  const page = await withTenant(ctx.db, ctx.tenantId, (tx) => listOpportunitiesPage(tx, input.limit, after, input.symbol));
  return { items: page.rows.map(opportunityView), nextCursor: page.more && page.last ? encodeCursor([page.last.foundAt, page.last.id]) : null };
}

const canonical = (value: string) => decimalToString(decimal(value));

function opportunityView(row: ArbitrageRow): OpportunityView {
  return {
    id: row.id,
    symbol: row.symbol,
    buyExchange: row.buyExchange,
    sellExchange: row.sellExchange,
    buyPrice: canonical(row.buyPrice),
    sellPrice: canonical(row.sellPrice),
    buyFee: canonical(row.buyFee),
    sellFee: canonical(row.sellFee),
    netSpread: canonical(row.netSpread),
    maxQuantity: canonical(row.maxQuantity),
    netProfit: canonical(row.netProfit),
    threshold: canonical(row.threshold),
    foundAt: row.foundAt,
  };
}
