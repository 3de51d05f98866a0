import { tenantIsolationPolicy } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, integer, jsonb, numeric, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, currency, id, money, tenantId, updatedAt } from './columns.ts';
import { financialSchema } from './core.ts';
import { counterparties } from './ledger.ts';

// Clients are counterparties of kind 'client' (ledger.ts); this file holds what invoicing adds.

export const INVOICE_KINDS = ['invoice', 'credit_note'] as const;
export const INVOICE_STATUSES = ['draft', 'issued', 'paid', 'void'] as const;

const oneOf = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((value) => `'${value}'`).join(', ')})`);

/** A percentage such as a tax rate or a discount: "21", "10.5", "33.333". */
const percent = (name: string) => numeric(name, { precision: 9, scale: 4 });

/** Quantities on invoice lines ("2.5" hours, "-3" on a credit note). */
const quantity = (name: string) => numeric(name, { precision: 20, scale: 4 });

/** Postal address fields, as on counterparties. */
export type AddressFields = Record<string, string>;

/** The products and services catalogue; a line may start from one, then keeps its own copy of the values. */
export const products = financialSchema
  .table(
    'products',
    {
      id: id(),
      tenantId: tenantId(),
      name: text('name').notNull(),
      description: text('description'),
      /** What one of it is: "hour", "piece", "month". */
      unit: text('unit'),
      unitPrice: money('unit_price').notNull(),
      currency: currency('currency').notNull(),
      taxRate: percent('tax_rate').notNull().default('0'),
      archivedAt: timestamp('archived_at', { withTimezone: true }),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (table) => [
      unique('products_tenant_id_id_unique').on(table.tenantId, table.id),
      uniqueIndex('products_name_unique').on(table.tenantId, sql`lower(${table.name})`),
      check('products_tax_rate_check', sql`${table.taxRate} >= 0 and ${table.taxRate} <= 100`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/** The seller as invoices show them, and how documents are numbered; one row per tenant. */
export const invoiceSettings = financialSchema
  .table(
    'invoice_settings',
    {
      tenantId: tenantId().primaryKey(),
      sellerName: text('seller_name').notNull(),
      sellerAddress: jsonb('seller_address').$type<AddressFields>(),
      sellerTaxId: text('seller_tax_id'),
      sellerEmail: text('seller_email'),
      iban: text('iban'),
      bic: text('bic'),
      paymentInstructions: text('payment_instructions'),
      defaultCurrency: currency('default_currency').notNull(),
      defaultPaymentTermsDays: integer('default_payment_terms_days').notNull().default(30),
      /** Prefix of invoice numbers; `{YYYY}` becomes the issue year, and each resolved prefix is its own series. */
      invoiceNumberPrefix: text('invoice_number_prefix').notNull().default('INV-{YYYY}-'),
      creditNoteNumberPrefix: text('credit_note_number_prefix').notNull().default('CN-{YYYY}-'),
      /** Base64 of a PNG or JPEG, size-limited by the API. */
      logo: text('logo'),
      logoMediaType: text('logo_media_type'),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    () => [check('invoice_settings_logo_check', sql`(logo is null) = (logo_media_type is null)`), tenantIsolationPolicy()],
  )
  .enableRLS();

/**
 * The last number given in each numbering series of a tenant (`invoice:INV-2026-`). Issuing locks
 * its series row and increments it in the issuing transaction, so a rolled-back issue returns its
 * number and concurrent issues wait for each other: numbers are gapless, unlike a sequence's.
 */
export const invoiceNumberSeries = financialSchema
  .table(
    'invoice_number_series',
    { tenantId: tenantId(), series: text('series').notNull(), lastNumber: integer('last_number').notNull(), updatedAt: updatedAt() },
    (table) => [primaryKey({ columns: [table.tenantId, table.series] }), tenantIsolationPolicy()],
  )
  .enableRLS();

/** A snapshot of the parties taken at issue, so an issued document never changes when master data does (the logo is branding, not content: not copied). */
export type PartySnapshot = {
  name: string;
  address: AddressFields | null;
  taxId: string | null;
  email: string | null;
  iban?: string | null;
  bic?: string | null;
  paymentInstructions?: string | null;
};

export type TaxBreakdownEntry = { rate: string; net: string; tax: string };

/**
 * Invoices and credit notes (kind). Totals are computed by the domain (invoices/totals.ts) from the
 * lines and stored; a credit note's are negative and it names the invoice it corrects.
 * `amount_paid`/`paid_at` are written by payment matching (issued → paid); `amount_credited` is
 * what its issued credit notes take off. An invoice owes total − amount_credited − amount_paid,
 * never less than nothing (the check).
 */
export const invoices = financialSchema
  .table(
    'invoices',
    {
      id: id(),
      tenantId: tenantId(),
      kind: text('kind', { enum: INVOICE_KINDS }).notNull().default('invoice'),
      status: text('status', { enum: INVOICE_STATUSES }).notNull().default('draft'),
      /** Set at issue: the series key, its number in the series, and the printed number. */
      series: text('series'),
      sequence: integer('sequence'),
      number: text('number'),
      clientId: uuid('client_id').notNull(),
      creditedInvoiceId: uuid('credited_invoice_id'),
      currency: currency('currency').notNull(),
      issueDate: date('issue_date', { mode: 'string' }).notNull(),
      dueDate: date('due_date', { mode: 'string' }).notNull(),
      notes: text('notes'),
      discountPercent: percent('discount_percent').notNull().default('0'),
      /** Sum of the rounded line nets, before the invoice discount. */
      subtotal: money('subtotal').notNull().default('0'),
      discountAmount: money('discount_amount').notNull().default('0'),
      netTotal: money('net_total').notNull().default('0'),
      taxTotal: money('tax_total').notNull().default('0'),
      total: money('total').notNull().default('0'),
      taxBreakdown: jsonb('tax_breakdown').$type<TaxBreakdownEntry[]>().notNull().default([]),
      amountPaid: money('amount_paid').notNull().default('0'),
      /** The sum of its issued credit notes (positive); always 0 on a credit note. */
      amountCredited: money('amount_credited').notNull().default('0'),
      paidAt: timestamp('paid_at', { withTimezone: true }),
      seller: jsonb('seller').$type<PartySnapshot>(),
      client: jsonb('client').$type<PartySnapshot>(),
      issuedAt: timestamp('issued_at', { withTimezone: true }),
      voidedAt: timestamp('voided_at', { withTimezone: true }),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (table) => [
      unique('invoices_tenant_id_id_unique').on(table.tenantId, table.id),
      foreignKey({ name: 'invoices_client_fk', columns: [table.tenantId, table.clientId], foreignColumns: [counterparties.tenantId, counterparties.id] }),
      foreignKey({ name: 'invoices_credited_fk', columns: [table.tenantId, table.creditedInvoiceId], foreignColumns: [table.tenantId, table.id] }),
      uniqueIndex('invoices_series_sequence_unique').on(table.tenantId, table.series, table.sequence).where(sql`${table.sequence} is not null`),
      uniqueIndex('invoices_number_unique').on(table.tenantId, table.number).where(sql`${table.number} is not null`),
      index('invoices_list_idx').on(table.tenantId, table.issueDate.desc(), table.id.desc()),
      index('invoices_client_idx').on(table.tenantId, table.clientId),
      index('invoices_open_idx').on(table.tenantId, table.dueDate).where(sql`${table.status} = 'issued'`),
      check('invoices_kind_check', oneOf('kind', INVOICE_KINDS)),
      check('invoices_status_check', oneOf('status', INVOICE_STATUSES)),
      check('invoices_number_check', sql`(status = 'draft') = (number is null) and (number is null) = (sequence is null) and (number is null) = (series is null)`),
      check('invoices_credit_note_check', sql`(kind = 'credit_note') = (credited_invoice_id is not null)`),
      check('invoices_due_date_check', sql`${table.dueDate} >= ${table.issueDate}`),
      check('invoices_settlement_check', sql`kind = 'credit_note' or (amount_credited >= 0 and amount_paid + amount_credited <= total)`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/** One line of an invoice; `net_amount` is its rounded net (invoices/totals.ts). */
export const invoiceLines = financialSchema
  .table(
    'invoice_lines',
    {
      id: id(),
      tenantId: tenantId(),
      invoiceId: uuid('invoice_id').notNull(),
      position: integer('position').notNull(),
      productId: uuid('product_id'),
      description: text('description').notNull(),
      unit: text('unit'),
      quantity: quantity('quantity').notNull(),
      unitPrice: money('unit_price').notNull(),
      taxRate: percent('tax_rate').notNull(),
      discountPercent: percent('discount_percent').notNull().default('0'),
      netAmount: money('net_amount').notNull(),
      createdAt: createdAt(),
    },
    (table) => [
      foreignKey({ name: 'invoice_lines_invoice_fk', columns: [table.tenantId, table.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }).onDelete('cascade'),
      foreignKey({ name: 'invoice_lines_product_fk', columns: [table.tenantId, table.productId], foreignColumns: [products.tenantId, products.id] }),
      uniqueIndex('invoice_lines_position_unique').on(table.invoiceId, table.position),
      index('invoice_lines_product_idx').on(table.tenantId, table.productId),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

export type InvoiceKind = (typeof INVOICE_KINDS)[number];
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
