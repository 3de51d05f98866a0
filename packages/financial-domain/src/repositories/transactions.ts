import type { Transaction } from '@ai-service/db';
import { and, asc, desc, eq, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { categories, counterparties, transactions, transactionSplits, transactionTags, type TransactionStatus } from '../db/schema/ledger.ts';
import { randomUUID } from 'node:crypto';
import { likePattern } from '../pagination.ts';

export type TransactionRow = typeof transactions.$inferSelect;
export type NewTransactionRow = typeof transactions.$inferInsert;
export type SplitRow = typeof transactionSplits.$inferSelect;
export type NewSplit = { amount: string; categoryId: string | null; description: string | null };

/** Live transactions: not deleted (deleted rows stay for dedup; see the schema). */
export const isLive = isNull(transactions.deletedAt);

export async function insertTransactions(tx: Transaction, rows: NewTransactionRow[]): Promise<TransactionRow[]> {
  if (rows.length === 0) return [];
  return tx.insert(transactions).values(rows).returning();
}

export async function findLiveTransaction(tx: Transaction, transactionId: string, { forUpdate = false } = {}): Promise<TransactionRow | undefined> {
  const query = tx.select().from(transactions).where(and(eq(transactions.id, transactionId), isLive));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** The live transactions among `ids`, by id (locked in that order when asked, so concurrent bulk edits cannot deadlock). */
export async function findLiveTransactions(tx: Transaction, ids: readonly string[], { forUpdate = false } = {}): Promise<TransactionRow[]> {
  if (ids.length === 0) return [];
  const query = tx
    .select()
    .from(transactions)
    .where(and(inArray(transactions.id, [...ids]), isLive))
    .orderBy(asc(transactions.id));
  return forUpdate ? query.for('update') : query;
}

export async function updateTransactionRows(tx: Transaction, ids: readonly string[], changes: Partial<NewTransactionRow>): Promise<TransactionRow[]> {
  if (ids.length === 0) return [];
  return tx.update(transactions).set(changes).where(inArray(transactions.id, [...ids])).returning();
}

export async function findTransferLegs(tx: Transaction, transferId: string): Promise<TransactionRow[]> {
  return tx
    .select()
    .from(transactions)
    .where(and(eq(transactions.transferId, transferId), isLive))
    .orderBy(asc(transactions.amount));
}

export type TransactionDetails = { tagIds: string[]; splits: SplitRow[] };

/** Tags and splits of the transactions, by transaction id (every id present, possibly with empty lists). */
export async function loadTransactionDetails(tx: Transaction, ids: readonly string[]): Promise<Map<string, TransactionDetails>> {
  const details = new Map<string, TransactionDetails>(ids.map((id) => [id, { tagIds: [], splits: [] }]));
  if (ids.length === 0) return details;
  const [tagRows, splitRows] = await Promise.all([
    tx
      .select({ transactionId: transactionTags.transactionId, tagId: transactionTags.tagId })
      .from(transactionTags)
      .where(inArray(transactionTags.transactionId, [...ids]))
      .orderBy(asc(transactionTags.tagId)),
    tx
      .select()
      .from(transactionSplits)
      .where(inArray(transactionSplits.transactionId, [...ids]))
      .orderBy(asc(transactionSplits.transactionId), asc(transactionSplits.position)),
  ]);
  for (const row of tagRows) details.get(row.transactionId)?.tagIds.push(row.tagId);
  for (const row of splitRows) details.get(row.transactionId)?.splits.push(row);
  return details;
}

export async function replaceSplits(tx: Transaction, tenantId: string, transactionId: string, splits: readonly NewSplit[]): Promise<void> {
  await tx.delete(transactionSplits).where(eq(transactionSplits.transactionId, transactionId));
  if (splits.length === 0) return;
  await tx
    .insert(transactionSplits)
    .values(splits.map((split, position) => ({ id: randomUUID(), tenantId, transactionId, position, ...split })));
}

export async function replaceTags(tx: Transaction, tenantId: string, transactionId: string, tagIds: readonly string[]): Promise<void> {
  await tx.delete(transactionTags).where(eq(transactionTags.transactionId, transactionId));
  await addTags(tx, tenantId, [transactionId], tagIds);
}

export async function addTags(tx: Transaction, tenantId: string, transactionIds: readonly string[], tagIds: readonly string[]): Promise<void> {
  const rows = transactionIds.flatMap((transactionId) => tagIds.map((tagId) => ({ tenantId, transactionId, tagId })));
  if (rows.length > 0) await tx.insert(transactionTags).values(rows).onConflictDoNothing();
}

export async function removeTags(tx: Transaction, transactionIds: readonly string[], tagIds: readonly string[]): Promise<void> {
  if (transactionIds.length === 0 || tagIds.length === 0) return;
  await tx.delete(transactionTags).where(and(inArray(transactionTags.transactionId, [...transactionIds]), inArray(transactionTags.tagId, [...tagIds])));
}

export type TransactionFilter = {
  from?: string | undefined;
  to?: string | undefined;
  accountId?: string | undefined;
  /** Matches the category, its descendants, and splits in them. */
  categoryId?: string | undefined;
  /** true: neither the transaction nor any split has a category; false: one of them has. */
  uncategorized?: boolean | undefined;
  counterpartyId?: string | undefined;
  /** Substring of the written counterparty name or of the linked counterparty's name. */
  counterparty?: string | undefined;
  minAmount?: string | undefined;
  maxAmount?: string | undefined;
  /** Substring of description, counterparty name or notes, regardless of case. */
  q?: string | undefined;
  status?: TransactionStatus | undefined;
  tagId?: string | undefined;
};

/** A keyset position in the newest-first list. */
export type TransactionCursor = readonly [bookingDate: string, id: string];

const hasCategorizedSplit = sql`exists (select 1 from ${transactionSplits} s where s.transaction_id = ${transactions.id} and s.category_id is not null)`;

function filterConditions(filter: TransactionFilter): (SQL | undefined)[] {
  const subtree = (categoryId: string) => sql`(
    with recursive subtree as (
      select id from ${categories} where id = ${categoryId}
      union all
      select c.id from ${categories} c join subtree on c.parent_id = subtree.id
    ) select id from subtree)`;
  return [
    filter.from ? gte(transactions.bookingDate, filter.from) : undefined,
    filter.to ? lte(transactions.bookingDate, filter.to) : undefined,
    filter.accountId ? eq(transactions.accountId, filter.accountId) : undefined,
    filter.categoryId
      ? sql`(${transactions.categoryId} in ${subtree(filter.categoryId)} or exists (select 1 from ${transactionSplits} s
              where s.transaction_id = ${transactions.id} and s.category_id in ${subtree(filter.categoryId)}))`
      : undefined,
    filter.uncategorized === true ? sql`(${transactions.categoryId} is null and not ${hasCategorizedSplit})` : undefined,
    filter.uncategorized === false ? sql`(${transactions.categoryId} is not null or ${hasCategorizedSplit})` : undefined,
    filter.counterpartyId ? eq(transactions.counterpartyId, filter.counterpartyId) : undefined,
    filter.counterparty
      ? or(
          ilike(transactions.counterpartyName, likePattern(filter.counterparty)),
          sql`exists (select 1 from ${counterparties} c where c.id = ${transactions.counterpartyId} and c.name ilike ${likePattern(filter.counterparty)})`,
        )
      : undefined,
    filter.minAmount !== undefined ? gte(transactions.amount, filter.minAmount) : undefined,
    filter.maxAmount !== undefined ? lte(transactions.amount, filter.maxAmount) : undefined,
    filter.q ? ilike(transactions.searchText, likePattern(filter.q)) : undefined,
    filter.status ? eq(transactions.status, filter.status) : undefined,
    filter.tagId ? sql`exists (select 1 from ${transactionTags} tt where tt.transaction_id = ${transactions.id} and tt.tag_id = ${filter.tagId})` : undefined,
  ];
}

/** Live transactions matching the filter, newest booking date first (then id), one keyset page. */
export async function listTransactionPage(
  tx: Transaction,
  filter: TransactionFilter,
  limit: number,
  after: TransactionCursor | undefined,
): Promise<{ rows: TransactionRow[]; more: boolean }> {
  const rows = await tx
    .select()
    .from(transactions)
    .where(
      and(
        isLive,
        ...filterConditions(filter),
        after ? sql`(${transactions.bookingDate}, ${transactions.id}) < (${after[0]}::date, ${after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(transactions.bookingDate), desc(transactions.id))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}
