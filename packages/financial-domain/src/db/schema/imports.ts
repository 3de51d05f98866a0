import { tenantIsolationPolicy } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { check, customType, foreignKey, index, integer, jsonb, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt } from './columns.ts';
import { financialSchema } from './core.ts';
import { accounts } from './ledger.ts';

export const IMPORT_FORMATS = ['csv', 'ofx', 'qif', 'camt053'] as const;
export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;

export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
/** A problem of the import, at a line of the file when it has one. */
export type ImportError = { line: number | null; message: string };

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

const oneOf = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((value) => `'${value}'`).join(', ')})`);

/**
 * One uploaded statement file and what became of it. The file is kept as uploaded (it was parsed
 * once when accepted, so it is known to be readable) and parsed again by the import job, with the
 * mapping it was accepted with.
 */
export const imports = financialSchema
  .table(
    'imports',
    {
      id: id(),
      tenantId: tenantId(),
      accountId: uuid('account_id').notNull(),
      format: text('format', { enum: IMPORT_FORMATS }).notNull(),
      fileName: text('file_name'),
      file: bytea('file').notNull(),
      /** The CSV mapping the file was read with (a preset's, the request's, or none: detected). */
      mapping: jsonb('mapping').$type<Record<string, unknown>>(),
      presetId: text('preset_id'),
      /** How the parser read the file (encoding, delimiter, date order, columns), for the user to check. */
      detected: jsonb('detected').$type<Record<string, unknown>>().notNull().default({}),
      status: text('status', { enum: IMPORT_STATUSES }).notNull().default('queued'),
      totalRows: integer('total_rows').notNull(),
      processedRows: integer('processed_rows').notNull().default(0),
      createdCount: integer('created_count').notNull().default(0),
      duplicateCount: integer('duplicate_count').notNull().default(0),
      /** Pending transactions already stored that a booked row of the file replaced. */
      replacedCount: integer('replaced_count').notNull().default(0),
      errors: jsonb('errors').$type<ImportError[]>().notNull().default([]),
      createdBy: uuid('created_by'),
      startedAt: timestamp('started_at', { withTimezone: true }),
      finishedAt: timestamp('finished_at', { withTimezone: true }),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (table) => [
      unique('imports_tenant_id_id_unique').on(table.tenantId, table.id),
      foreignKey({ name: 'imports_account_fk', columns: [table.tenantId, table.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
      index('imports_list_idx').on(table.tenantId, table.createdAt.desc(), table.id.desc()),
      check('imports_format_check', oneOf('format', IMPORT_FORMATS)),
      check('imports_status_check', oneOf('status', IMPORT_STATUSES)),
      check('imports_progress_check', sql`processed_rows between 0 and total_rows`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/** A tenant's saved CSV mappings (one per bank export); names are unique per tenant regardless of case. */
export const csvPresets = financialSchema
  .table(
    'csv_presets',
    {
      id: id(),
      tenantId: tenantId(),
      name: text('name').notNull(),
      bank: text('bank'),
      mapping: jsonb('mapping').$type<Record<string, unknown>>().notNull(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (table) => [
      unique('csv_presets_tenant_id_id_unique').on(table.tenantId, table.id),
      uniqueIndex('csv_presets_name_unique').on(table.tenantId, sql`lower(${table.name})`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();
