import { timeOrderedUuid, type Transaction } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { transactions } from '../db/schema/ledger.ts';
import { ruleEvaluations, type RuleTrigger } from '../db/schema/rules.ts';
import type { IngestInsert } from './ingest.ts';

/**
 * The bulk writes of a big ingest go through a staging table: the rows are streamed in with COPY
 * (no array parameters to build and parse, and the server reads them as they arrive: 100,000 rows
 * in 3.1 – 3.6 s against 3.9 s with `unnest`, measured), then moved into financial.transactions
 * with INSERT … SELECT, where row-level security checks them as any insert. COPY itself cannot
 * write a table under row-level security; the staging table is the session's own TEMP table
 * (dropped at commit, gone with a rollback), which has none and which no other session can see.
 * The rules' evaluations ride along on their rows, so they too are written by one INSERT … SELECT.
 */

const STAGING = 'pg_temp.ingest_staging';

/** One rule evaluation of a staged row: the rule and the fields it changed. */
export type StagedEvaluation = { ruleId: string; before: Record<string, unknown>; after: Record<string, unknown> };

/** Staged columns that go to financial.transactions as they are, in COPY order. */
const COLUMNS = [
  ['id', 'id', 'uuid'],
  ['tenant_id', 'tenantId', 'uuid'],
  ['account_id', 'accountId', 'uuid'],
  ['booking_date', 'bookingDate', 'date'],
  ['value_date', 'valueDate', 'date'],
  ['amount', 'amount', 'numeric'],
  ['currency', 'currency', 'char(3)'],
  ['counterparty_id', 'counterpartyId', 'uuid'],
  ['counterparty_name', 'counterpartyName', 'text'],
  ['description', 'description', 'text'],
  ['notes', 'notes', 'text'],
  ['category_id', 'categoryId', 'uuid'],
  ['category_provenance', 'categoryProvenance', 'text'],
  ['category_rule_id', 'categoryRuleId', 'uuid'],
  ['status', 'status', 'text'],
  ['external_id', 'externalId', 'text'],
  ['content_hash', 'contentHash', 'text'],
  ['source', 'source', 'text'],
  ['import_id', 'importId', 'uuid'],
  ['created_by', 'createdBy', 'uuid'],
] as const satisfies readonly (readonly [string, keyof IngestInsert, string])[];

const TRANSACTION_COLUMNS = COLUMNS.map(([column]) => column).join(', ');

/** Rows per COPY message: big enough to amortize the stream, small enough to overlap with the server's parsing. */
const COPY_BATCH = 2_000;

/**
 * The node-postgres connection under a drizzle transaction: COPY is a protocol of its own that
 * drizzle does not speak. `session.client` is drizzle's internal field (drizzle-orm 0.45); the
 * check turns a change of it into a clear error rather than a wrong connection.
 */
function connectionOf(tx: Transaction): pg.ClientBase {
  const client = (tx as unknown as { session?: { client?: pg.ClientBase } }).session?.client;
  if (typeof client?.query !== 'function') throw new Error('the drizzle transaction no longer exposes its pg connection (session.client)');
  return client;
}

/** One field in COPY's text format: `\N` for null, backslash escapes for the characters that delimit. */
function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => COPY_ESCAPES[char]!) : value;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyLine(row: IngestInsert, ord: number, evaluations: readonly StagedEvaluation[] | undefined): string {
  let line = String(ord);
  for (const [, key] of COLUMNS) line += `\t${copyField(row[key])}`;
  return `${line}\t${copyField(evaluations === undefined || evaluations.length === 0 ? null : JSON.stringify(evaluations))}\n`;
}

/**
 * Creates the (empty) staging table for this transaction; ingestTransactions drops it when done.
 * The planner has no statistics for it and takes jsonb_array_elements for 100 rows a row: it saw 7
 * million evaluations in an import's 53,000, and spent 145 ms compiling that insert with JIT; and
 * the default 4 MB of work_mem sorted the import's events on disk. For this transaction only: no
 * JIT, and room to sort 100,000 staged rows in memory.
 */
export async function createIngestStaging(tx: Transaction): Promise<void> {
  await tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
  const columns = COLUMNS.map(([column, , type]) => `${column} ${type}`).join(', ');
  await tx.execute(sql.raw(`create temp table ingest_staging (ord int not null, ${columns}, evaluations jsonb) on commit drop`));
}

export async function dropIngestStaging(tx: Transaction): Promise<void> {
  await tx.execute(sql.raw(`drop table ${STAGING}`));
}

/** Streams the rows into the staging table, numbered from `firstOrd` in the order given, with their rule evaluations (by row id). */
export async function stageIngestRows(
  tx: Transaction,
  rows: readonly IngestInsert[],
  evaluations: ReadonlyMap<string, readonly StagedEvaluation[]>,
  firstOrd = 0,
): Promise<void> {
  if (rows.length === 0) return;
  function* batches() {
    for (let start = 0; start < rows.length; start += COPY_BATCH) {
      let text = '';
      const end = Math.min(rows.length, start + COPY_BATCH);
      for (let index = start; index < end; index += 1) text += copyLine(rows[index]!, firstOrd + index, evaluations.get(rows[index]!.id));
      yield text;
    }
  }
  const copy = connectionOf(tx).query(copyFrom(`copy ${STAGING} (ord, ${TRANSACTION_COLUMNS}, evaluations) from stdin`));
  await pipeline(Readable.from(batches()), copy);
}

/**
 * Inserts the staged rows numbered [from, to) into financial.transactions, in their order. No ON
 * CONFLICT: the rows were classified under the account's ingest lock, and only ingests write
 * external ids and content hashes, so a conflict would mean the dedup is wrong; it fails the ingest
 * (all of it), and the retried job classifies again. (ON CONFLICT's speculative insertion also costs ~10 % here.)
 */
export async function insertStagedTransactions(tx: Transaction, from: number, to: number): Promise<void> {
  await tx.execute(sql`
    insert into ${transactions} (${sql.raw(TRANSACTION_COLUMNS)})
    select ${sql.raw(TRANSACTION_COLUMNS)} from ${sql.raw(STAGING)} where ord >= ${from} and ord < ${to} order by ord`);
}

/** The staged rule evaluations, one rule_evaluations row each, for the run. Returns how many. */
export async function insertStagedEvaluations(tx: Transaction, run: { runId: string; trigger: RuleTrigger; createdAt: Date }): Promise<number> {
  const result = await tx.execute(sql`
    insert into ${ruleEvaluations} (id, tenant_id, run_id, rule_id, transaction_id, trigger, before, after, created_at)
    select ${timeOrderedUuid}, s.tenant_id, ${run.runId}::uuid, (e.value->>'ruleId')::uuid, s.id, ${run.trigger}, e.value->'before', e.value->'after', ${run.createdAt.toISOString()}::timestamptz
      from ${sql.raw(STAGING)} s cross join lateral jsonb_array_elements(s.evaluations) e
     where s.evaluations is not null`);
  return result.rowCount ?? 0;
}

/**
 * The categories the rules gave the staged rows, as TransactionCategorized (aggregate id, payload)
 * in row order: the query appendEventsFrom reads. The payload is the one
 * ingestRuleCategorizations gives appendEvents (a new row had no category before).
 */
export const stagedRuleCategorizations = sql`
  select s.id::text as aggregate_id,
         jsonb_build_object('transactionId', s.id, 'categoryId', s.category_id, 'previousCategoryId', null, 'provenance', 'rule', 'ruleId', s.category_rule_id) as payload
    from ${sql.raw(STAGING)} s
   where s.category_provenance = 'rule'
   order by s.ord`;
