import { tenantIsolationPolicy } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, jsonb, numeric, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, currency, id, tenantId, updatedAt } from './columns.ts';
import { financialSchema } from './core.ts';
import { invoices } from './invoices.ts';
import { counterparties } from './ledger.ts';

// Recurring invoices (docs/invoices.md, "Payments and recurring invoices").

export const TEMPLATE_INTERVAL_UNITS = ['day', 'month', 'quarter', 'year'] as const;

const oneOf = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((value) => `'${value}'`).join(', ')})`);

/** A line of a recurring invoice as createInvoice takes it (a product's price and tax rate are read when the invoice is made). */
export type TemplateLine = {
  productId?: string | null;
  description?: string;
  unit?: string | null;
  quantity: string;
  unitPrice?: string;
  taxRate?: string;
  discountPercent?: string;
};

/**
 * A recurring invoice: every `interval_count` `interval_unit`s from `start_date` (run k is due on
 * start + k intervals, so month ends do not drift), until `end_date`. `next_run_date` is the next
 * run's date and `runs` how many ran; the job advances both in the transaction that creates the invoice.
 */
export const invoiceTemplates = financialSchema
  .table(
    'invoice_templates',
    {
      id: id(),
      tenantId: tenantId(),
      name: text('name').notNull(),
      clientId: uuid('client_id').notNull(),
      /** Null: the client's currency (else the invoice settings' default) when the invoice is made. */
      currency: currency('currency'),
      lines: jsonb('lines').$type<TemplateLine[]>().notNull(),
      discountPercent: numeric('discount_percent', { precision: 9, scale: 4 }).notNull().default('0'),
      notes: text('notes'),
      /** Days from issue to due; the client's terms when null. */
      paymentTermsDays: integer('payment_terms_days'),
      intervalUnit: text('interval_unit', { enum: TEMPLATE_INTERVAL_UNITS }).notNull(),
      intervalCount: integer('interval_count').notNull(),
      startDate: date('start_date', { mode: 'string' }).notNull(),
      nextRunDate: date('next_run_date', { mode: 'string' }),
      endDate: date('end_date', { mode: 'string' }),
      runs: integer('runs').notNull().default(0),
      autoIssue: boolean('auto_issue').notNull().default(false),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (table) => [
      unique('invoice_templates_tenant_id_id_unique').on(table.tenantId, table.id),
      // A client with invoices cannot be deleted; one with only templates takes them along.
      foreignKey({ name: 'invoice_templates_client_fk', columns: [table.tenantId, table.clientId], foreignColumns: [counterparties.tenantId, counterparties.id] }).onDelete('cascade'),
      index('invoice_templates_due_idx').on(table.tenantId, table.nextRunDate),
      check('invoice_templates_interval_unit_check', oneOf('interval_unit', TEMPLATE_INTERVAL_UNITS)),
      check('invoice_templates_interval_count_check', sql`${table.intervalCount} between 1 and 3650`),
      check('invoice_templates_end_date_check', sql`${table.endDate} is null or ${table.endDate} >= ${table.startDate}`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/** The invoice each run of a template created: the unique key makes a run happen once per period, however often the job runs. */
export const invoiceTemplateRuns = financialSchema
  .table(
    'invoice_template_runs',
    {
      tenantId: tenantId(),
      templateId: uuid('template_id').notNull(),
      /** The run's number: 0 for the start date, k for start + k intervals. */
      period: integer('period').notNull(),
      runDate: date('run_date', { mode: 'string' }).notNull(),
      invoiceId: uuid('invoice_id').notNull(),
      createdAt: createdAt(),
    },
    (table) => [
      uniqueIndex('invoice_template_runs_period_unique').on(table.templateId, table.period),
      foreignKey({ name: 'invoice_template_runs_template_fk', columns: [table.tenantId, table.templateId], foreignColumns: [invoiceTemplates.tenantId, invoiceTemplates.id] }).onDelete('cascade'),
      foreignKey({ name: 'invoice_template_runs_invoice_fk', columns: [table.tenantId, table.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }).onDelete('cascade'),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

export type TemplateIntervalUnit = (typeof TEMPLATE_INTERVAL_UNITS)[number];
