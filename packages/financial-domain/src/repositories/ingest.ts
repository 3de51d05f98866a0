import type { Transaction } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { transactions, type TransactionSource, type TransactionStatus } from '../db/schema/ledger.ts';

/**
 * The SQL of ingestTransactions: set-based lookups and bulk writes, each one statement for a whole
 * batch (arrays through `unnest`), so 100,000 rows cost a handful of round trips.
 */

/** One array parameter (not one parameter per element, which is what a plain array in `sql` becomes). */
const array = (values: readonly unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;

/** Rows per INSERT: one statement of `unnest` arrays per chunk keeps memory flat and reports progress. */
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

export type MatchProbe = { index: number; amount: string; bookingDate: string; text: string };
/** A stored transaction of the opposite status that an incoming row may be the other version of. */
export type StatusCandidate = { index: number; id: string; similarity: number; days: number };

/** Whether the account has live transactions of `status` between the two dates: lets a batch skip the fuzzy join entirely. */
export async function hasLiveTransactionsBetween(tx: Transaction, accountId: string, status: TransactionStatus, from: string, to: string): Promise<boolean> {
  const result = await tx.execute<{ found: boolean }>(sql`
    select exists(select 1 from ${transactions} where account_id = ${accountId} and status = ${status} and deleted_at is null
      and booking_date between ${from}::date and ${to}::date) as found`);
  return result.rows[0]?.found === true;
}

/**
 * Live transactions of `status` with the probe's amount, booked within `windowDays` of it, with
 * the trigram similarity (pg_trgm) of their description and counterparty to the probe's text.
 */
export async function findStatusCandidates(
  tx: Transaction,
  accountId: string,
  status: TransactionStatus,
  probes: readonly MatchProbe[],
  windowDays: number,
): Promise<StatusCandidate[]> {
  if (probes.length === 0) return [];
  const result = await tx.execute<{ index: number; id: string; similarity: number; days: number }>(sql`
    select p.index, t.id, similarity(t.description || ' ' || coalesce(t.counterparty_name, ''), p.text)::float8 as similarity,
      abs(t.booking_date - p.booking_date) as days
    from unnest(${array(probes.map((probe) => probe.index), 'int')}, ${array(probes.map((probe) => probe.amount), 'numeric')},
      ${array(probes.map((probe) => probe.bookingDate), 'date')}, ${array(probes.map((probe) => probe.text), 'text')}) as p(index, amount, booking_date, text)
    join ${transactions} t on t.account_id = ${accountId} and t.status = ${status} and t.deleted_at is null
      and t.amount = p.amount and t.booking_date between p.booking_date - ${windowDays}::int and p.booking_date + ${windowDays}::int`);
  return result.rows.map((row) => ({ ...row, similarity: Number(row.similarity), days: Number(row.days) }));
}

export type IngestInsert = {
  id: string;
  tenantId: string;
  accountId: string;
  bookingDate: string;
  valueDate: string | null;
  amount: string;
  currency: string;
  counterpartyName: string | null;
  description: string;
  notes: string | null;
  status: TransactionStatus;
  externalId: string | null;
  contentHash: string;
  source: TransactionSource;
  importId: string | null;
  createdBy: string | null;
};

/**
 * Inserts the rows with one multi-row INSERT from `unnest` arrays. A row whose external id or
 * content hash a concurrent writer stored meanwhile is skipped (ON CONFLICT); returns the ids
 * actually inserted.
 */
export async function insertIngestedRows(tx: Transaction, rows: readonly IngestInsert[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const column = <K extends keyof IngestInsert>(key: K) => rows.map((row) => row[key]);
  const result = await tx.execute<{ id: string }>(sql`
    insert into ${transactions} (id, tenant_id, account_id, booking_date, value_date, amount, currency, counterparty_name,
      description, notes, status, external_id, content_hash, source, import_id, created_by)
    select * from unnest(${array(column('id'), 'uuid')}, ${array(column('tenantId'), 'uuid')}, ${array(column('accountId'), 'uuid')},
      ${array(column('bookingDate'), 'date')}, ${array(column('valueDate'), 'date')}, ${array(column('amount'), 'numeric')}, ${array(column('currency'), 'char(3)')},
      ${array(column('counterpartyName'), 'text')}, ${array(column('description'), 'text')}, ${array(column('notes'), 'text')}, ${array(column('status'), 'text')},
      ${array(column('externalId'), 'text')}, ${array(column('contentHash'), 'text')}, ${array(column('source'), 'text')}, ${array(column('importId'), 'uuid')},
      ${array(column('createdBy'), 'uuid')})
    on conflict do nothing
    returning id`);
  return result.rows.map((row) => row.id);
}

/**
 * The booked version of a stored pending transaction: its id, category and user edits stay; dates,
 * amount and keys become the bank's (a null key keeps the stored one).
 */
export type BookedUpdate = { id: string; bookingDate: string; valueDate: string | null; amount: string; externalId: string | null; contentHash: string | null };

export async function markPendingBooked(tx: Transaction, updates: readonly BookedUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  await tx.execute(sql`
    update ${transactions} t set status = 'booked', booking_date = u.booking_date, value_date = coalesce(u.value_date, t.value_date), amount = u.amount,
      external_id = coalesce(u.external_id, t.external_id), content_hash = coalesce(u.content_hash, t.content_hash), updated_at = now()
    from unnest(${array(updates.map((update) => update.id), 'uuid')}, ${array(updates.map((update) => update.bookingDate), 'date')},
      ${array(updates.map((update) => update.valueDate), 'date')}, ${array(updates.map((update) => update.amount), 'numeric')},
      ${array(updates.map((update) => update.externalId), 'text')}, ${array(updates.map((update) => update.contentHash), 'text')})
      as u(id, booking_date, value_date, amount, external_id, content_hash)
    where t.id = u.id`);
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
