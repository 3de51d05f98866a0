import type { StatementRow } from '@ai-service/statement-import';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const COLUMNS = 'id, tenant_id, account_id, booking_date, value_date, amount, currency, counterparty_name, description, notes, status, external_id, content_hash, source';

/** COPY's text format: tab-separated, `\N` for null, backslash escapes. */
const field = (value: string | null) => (value === null ? '\\N' : value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r'));

/**
 * The baseline: the same rows loaded with a plain COPY into a table shaped like
 * financial.transactions (same columns, defaults, checks and indexes; no row-level security,
 * foreign keys or dedup). Returns the milliseconds the COPY took.
 */
export async function copyBaseline(client: pg.ClientBase, rows: readonly StatementRow[], ids: { tenantId: string; accountId: string }): Promise<number> {
  await client.query('create schema if not exists bench_copy');
  await client.query('drop table if exists bench_copy.transactions');
  await client.query('create table bench_copy.transactions (like financial.transactions including defaults including constraints including indexes including generated)');
  const lines = rows.map(
    (row, index) =>
      `${[randomUUID(), ids.tenantId, ids.accountId, row.bookingDate, row.valueDate, row.amount, row.currency ?? 'EUR', row.counterparty, row.description, row.notes, row.status, row.externalId, `hash-${index}`, 'import']
        .map(field)
        .join('\t')}\n`,
  );
  const started = performance.now();
  await pipeline(Readable.from(lines), client.query(copyFrom(`copy bench_copy.transactions (${COLUMNS}) from stdin`)));
  return performance.now() - started;
}
