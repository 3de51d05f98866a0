import type { Transaction } from '@ai-service/db';
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { arbitrageOpportunities } from '../db/schema/index.ts';

export type ArbitrageRow = typeof arbitrageOpportunities.$inferSelect;
export type ArbitrageCursor = { foundAt: string; id: string };

export async function insertOpportunities(tx: Transaction, rows: Array<typeof arbitrageOpportunities.$inferInsert>): Promise<void> {
  if (rows.length > 0) await tx.insert(arbitrageOpportunities).values(rows);
}

const foundAtText = sql<string>`to_char(${arbitrageOpportunities.foundAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The tenant's opportunities, newest first (keyset pagination on found_at, id). */
export async function listOpportunitiesPage(tx: Transaction, limit: number, after: ArbitrageCursor | undefined, symbol?: string) {
  const rows = await tx
    .select({ row: arbitrageOpportunities, foundAtText })
    .from(arbitrageOpportunities)
    .where(
      and(
        symbol ? eq(arbitrageOpportunities.symbol, symbol) : undefined,
        after
          ? or(
              lt(arbitrageOpportunities.foundAt, sql`${after.foundAt}::timestamptz`),
              and(eq(arbitrageOpportunities.foundAt, sql`${after.foundAt}::timestamptz`), lt(arbitrageOpportunities.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(arbitrageOpportunities.foundAt), desc(arbitrageOpportunities.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page.map((each) => each.row), last: last && { foundAt: last.foundAtText, id: last.row.id }, more: rows.length > limit };
}
