import type { Transaction } from '@ai-service/db';
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { counterparties, transactions, type CounterpartyKind } from '../db/schema/ledger.ts';
import { likePattern } from '../pagination.ts';

export type CounterpartyRow = typeof counterparties.$inferSelect;
export type NewCounterpartyRow = typeof counterparties.$inferInsert;

/** Inserts unless the name is taken (regardless of case); then returns undefined. */
export async function insertCounterparty(tx: Transaction, row: NewCounterpartyRow): Promise<CounterpartyRow | undefined> {
  const [inserted] = await tx.insert(counterparties).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function findCounterparty(tx: Transaction, counterpartyId: string, { forUpdate = false } = {}): Promise<CounterpartyRow | undefined> {
  const query = tx.select().from(counterparties).where(eq(counterparties.id, counterpartyId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findCounterpartiesById(tx: Transaction, ids: readonly string[]): Promise<CounterpartyRow[]> {
  if (ids.length === 0) return [];
  return tx.select().from(counterparties).where(inArray(counterparties.id, [...ids]));
}

/** A keyset position in the by-name list. */
export type CounterpartyCursor = readonly [lowerName: string, id: string];

export async function listCounterpartyPage(
  tx: Transaction,
  filter: { q?: string | undefined; kind?: CounterpartyKind | undefined },
  limit: number,
  after: CounterpartyCursor | undefined,
): Promise<{ rows: CounterpartyRow[]; last: CounterpartyCursor | undefined; more: boolean }> {
  const conditions: (SQL | undefined)[] = [
    filter.q
      ? or(ilike(counterparties.name, likePattern(filter.q)), ilike(counterparties.email, likePattern(filter.q)), ilike(counterparties.taxId, likePattern(filter.q)))
      : undefined,
    filter.kind ? eq(counterparties.kind, filter.kind) : undefined,
    after ? sql`(lower(${counterparties.name}), ${counterparties.id}) > (${after[0]}, ${after[1]}::uuid)` : undefined,
  ];
  // The sort key comes from Postgres, so the cursor compares exactly as the ORDER BY does.
  const sortKey = sql<string>`lower(${counterparties.name})`;
  const rows = await tx
    .select({ row: counterparties, sortKey })
    .from(counterparties)
    .where(and(...conditions))
    .orderBy(asc(sortKey), asc(counterparties.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page.map(({ row }) => row), last: last && [last.sortKey, last.row.id], more: rows.length > limit };
}

export async function updateCounterpartyRow(tx: Transaction, counterpartyId: string, changes: Partial<NewCounterpartyRow>): Promise<CounterpartyRow> {
  const [row] = await tx.update(counterparties).set(changes).where(eq(counterparties.id, counterpartyId)).returning();
  return row!;
}

/** Deletes the counterparty; its transactions (live or deleted) keep their written name and lose the link. */
export async function deleteCounterpartyRow(tx: Transaction, counterpartyId: string): Promise<void> {
  await tx.update(transactions).set({ counterpartyId: null }).where(eq(transactions.counterpartyId, counterpartyId));
  await tx.delete(counterparties).where(eq(counterparties.id, counterpartyId));
}
