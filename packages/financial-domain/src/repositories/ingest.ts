import type { Transaction } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { transactions, type TransactionSource, type TransactionStatus } from '../db/schema/ledger.ts';
import { sqlArray as array } from './sqlArray.ts';

/**
 * The SQL of ingestTransactions: set-based lookups and bulk writes, each one statement for a whole
 * batch (arrays through `unnest`), so 100,000 rows cost a handful of round trips. The new rows
 * themselves go through a staging table (ingestStaging.ts).
 */

/** Rows per INSERT … SELECT from the staging table (see ingestStaging.ts): progress is reported between them. */
export const INSERT_CHUNK = 10_000;

/** Serializes the ingests of one account (imports and syncs) for the rest of the transaction, without locking the account row. */
export async function lockAccountIngest(tx: Transaction, accountId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`ingest:${accountId}`}, 0))`);
}

/** A stored transaction that an incoming row's external id or content hash already names (deleted ones too: they are not brought back). */
export type KeyMatch = { id: string; key: string; status: TransactionStatus; live: boolean };

export async function findByExternalIds(tx: Transaction, accountId: string, externalIds: readonly string[]): Promise<KeyMatch[]> {
  if (externalIds.length === 0) return [];
  const result = await tx.execute<KeyMatch>(sql`
    select id, external_id as key, status, deleted_at is null as live from ${transactions}
    where account_id = ${accountId} and external_id = any(${array(externalIds, 'text')})`);
  return result.rows;
}

export async function findByContentHashes(tx: Transaction, accountId: string, hashes: readonly string[]): Promise<KeyMatch[]> {
  if (hashes.length === 0) return [];
  const result = await tx.execute<KeyMatch>(sql`
    select id, content_hash as key, status, deleted_at is null as live from ${transactions}
    where account_id = ${accountId} and content_hash = any(${array(hashes, 'text')})`);
  return result.rows;
}

export type MatchProbe = { index: number; amount: string; bookingDate: string };
/** A stored transaction of the opposite status that an incoming row may be the other version of. */
export type StatusCandidate = { index: number; id: string; similarity: number; days: number };

/** A live transaction of the account, as the pending/booked matching reads it. */
export type WindowRow = { id: string; amount: string; bookingDate: string };

/**
 * The account's live transactions of `status` booked between the two dates. Amounts are paired in
 * memory, not in SQL: numeric equality is not leakproof, so under row-level security it cannot
 * be an index condition, and a join on it would read the account's transactions once per probe.
 */
export async function loadStatusWindow(tx: Transaction, accountId: string, status: TransactionStatus, from: string, to: string): Promise<WindowRow[]> {
  const result = await tx.execute<WindowRow>(sql`
    select id, amount::text as amount, booking_date::text as "bookingDate" from ${transactions}
     where account_id = ${accountId} and booking_date between ${from}::date and ${to}::date and status = ${status} and deleted_at is null`);
  return result.rows;
}

/** The trigram similarity (pg_trgm) of each stored transaction's description and counterparty to its probe's text. */
export async function textSimilarities(tx: Transaction, pairs: readonly { index: number; id: string; text: string }[]): Promise<number[]> {
  if (pairs.length === 0) return [];
  const ids = array(pairs.map((pair) => pair.id), 'uuid');
  const result = await tx.execute<{ index: number; similarity: number }>(sql`
    select p.index, similarity(t.description || ' ' || coalesce(t.counterparty_name, ''), p.text)::float8 as similarity
      from unnest(${array(pairs.map((_, index) => index), 'int')}, ${ids}, ${array(pairs.map((pair) => pair.text), 'text')}) as p(index, id, text)
      join ${transactions} t on t.id = p.id
     where t.id = any(${ids})`);
  const similarities = new Array<number>(pairs.length).fill(0);
  for (const row of result.rows) similarities[row.index] = Number(row.similarity);
  return similarities;
}

export type IngestInsert = {
  id: string;
  tenantId: string;
  accountId: string;
  bookingDate: string;
  valueDate: string | null;
  amount: string;
  currency: string;
  counterpartyId: string | null;
  counterpartyName: string | null;
  description: string;
  notes: string | null;
  categoryId: string | null;
  categoryProvenance: 'rule' | null;
  categoryRuleId: string | null;
  status: TransactionStatus;
  externalId: string | null;
  contentHash: string;
  source: TransactionSource;
  importId: string | null;
  createdBy: string | null;
};

/**
 * The booked version of a stored pending transaction: its id, category and user edits stay; dates,
 * amount and keys become the bank's (a null key keeps the stored one).
 */
export type BookedUpdate = { id: string; bookingDate: string; valueDate: string | null; amount: string; externalId: string | null; contentHash: string | null };

export async function markPendingBooked(tx: Transaction, updates: readonly BookedUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const ids = array(updates.map((update) => update.id), 'uuid');
  await tx.execute(sql`
    update ${transactions} t set status = 'booked', booking_date = u.booking_date, value_date = coalesce(u.value_date, t.value_date), amount = u.amount,
      external_id = coalesce(u.external_id, t.external_id), content_hash = coalesce(u.content_hash, t.content_hash), updated_at = now()
    from unnest(${ids}, ${array(updates.map((update) => update.bookingDate), 'date')},
      ${array(updates.map((update) => update.valueDate), 'date')}, ${array(updates.map((update) => update.amount), 'numeric')},
      ${array(updates.map((update) => update.externalId), 'text')}, ${array(updates.map((update) => update.contentHash), 'text')})
      as u(id, booking_date, value_date, amount, external_id, content_hash)
    where t.id = any(${ids}) and t.id = u.id`);
}

export type IngestedSummary = { id: string; accountId: string; externalId: string | null; contentHash: string | null; bookingDate: string; amount: string; description: string; counterpartyName: string | null; status: TransactionStatus; source: TransactionSource };

/** The rows as stored after the ingest, for the events (amounts as NUMERIC text). */
export async function loadIngestedSummaries(tx: Transaction, ids: readonly string[]): Promise<IngestedSummary[]> {
  if (ids.length === 0) return [];
  const result = await tx.execute<IngestedSummary>(sql`
    select id, account_id as "accountId", external_id as "externalId", content_hash as "contentHash", booking_date::text as "bookingDate",
      amount::text as amount, description, counterparty_name as "counterpartyName", status, source
    from ${transactions} where id = any(${array(ids, 'uuid')})`);
  return result.rows;
}
