import { tenantIsolationPolicy } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, money, tenantId } from './columns.ts';
import { financialSchema } from './core.ts';
import { invoices } from './invoices.ts';
import { transactions } from './ledger.ts';

// Payment matching (docs/invoices.md, "Payments and recurring invoices").

export const PAYMENT_MATCH_KINDS = ['auto', 'manual'] as const;
export const SUGGESTION_REASONS = ['reference', 'amount_and_client', 'amount'] as const;
export const SUGGESTION_STATUSES = ['open', 'accepted', 'dismissed'] as const;

const oneOf = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((value) => `'${value}'`).join(', ')})`);

/**
 * The part of a bank transaction that pays an invoice. One row per invoice and transaction (the
 * unique key makes re-processing a transaction a no-op); the domain keeps a transaction's rows
 * within its amount and an invoice's `amount_paid` equal to the sum of its rows.
 */
export const invoicePayments = financialSchema
  .table(
    'invoice_payments',
    {
      id: id(),
      tenantId: tenantId(),
      invoiceId: uuid('invoice_id').notNull(),
      transactionId: uuid('transaction_id').notNull(),
      amount: money('amount').notNull(),
      matchedBy: text('matched_by', { enum: PAYMENT_MATCH_KINDS }).notNull(),
      createdBy: uuid('created_by'),
      createdAt: createdAt(),
    },
    (table) => [
      unique('invoice_payments_tenant_id_id_unique').on(table.tenantId, table.id),
      foreignKey({ name: 'invoice_payments_invoice_fk', columns: [table.tenantId, table.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }),
      foreignKey({ name: 'invoice_payments_transaction_fk', columns: [table.tenantId, table.transactionId], foreignColumns: [transactions.tenantId, transactions.id] }),
      uniqueIndex('invoice_payments_invoice_transaction_unique').on(table.invoiceId, table.transactionId),
      index('invoice_payments_transaction_idx').on(table.tenantId, table.transactionId),
      check('invoice_payments_amount_check', sql`${table.amount} > 0`),
      check('invoice_payments_matched_by_check', oneOf('matched_by', PAYMENT_MATCH_KINDS)),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/** A transaction that may pay an invoice, for a person to accept or dismiss; one per pair, so re-processing adds none. */
export const paymentSuggestions = financialSchema
  .table(
    'payment_suggestions',
    {
      id: id(),
      tenantId: tenantId(),
      invoiceId: uuid('invoice_id').notNull(),
      transactionId: uuid('transaction_id').notNull(),
      /** What accepting it pays: the transaction's amount, at most what the invoice owed when suggested. */
      amount: money('amount').notNull(),
      reason: text('reason', { enum: SUGGESTION_REASONS }).notNull(),
      status: text('status', { enum: SUGGESTION_STATUSES }).notNull().default('open'),
      resolvedAt: timestamp('resolved_at', { withTimezone: true }),
      resolvedBy: uuid('resolved_by'),
      createdAt: createdAt(),
    },
    (table) => [
      unique('payment_suggestions_tenant_id_id_unique').on(table.tenantId, table.id),
      foreignKey({ name: 'payment_suggestions_invoice_fk', columns: [table.tenantId, table.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }).onDelete('cascade'),
      foreignKey({ name: 'payment_suggestions_transaction_fk', columns: [table.tenantId, table.transactionId], foreignColumns: [transactions.tenantId, transactions.id] }),
      uniqueIndex('payment_suggestions_pair_unique').on(table.invoiceId, table.transactionId),
      index('payment_suggestions_open_idx').on(table.tenantId, table.createdAt, table.id).where(sql`${table.status} = 'open'`),
      index('payment_suggestions_transaction_idx').on(table.tenantId, table.transactionId),
      check('payment_suggestions_reason_check', oneOf('reason', SUGGESTION_REASONS)),
      check('payment_suggestions_status_check', oneOf('status', SUGGESTION_STATUSES)),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

export type PaymentMatchKind = (typeof PAYMENT_MATCH_KINDS)[number];
export type SuggestionReason = (typeof SUGGESTION_REASONS)[number];
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];
