import { z } from 'zod';
import { calendarDate, money, timestamp } from './values.ts';

/** Events emitted by financial-svc and worker-financial (aggregates: transaction, invoice, import). */

export const transactionSynced = z.object({
  transactionId: z.uuid(),
  accountId: z.uuid(),
  /** The bank's or provider's id: the natural key that makes a sync idempotent. */
  externalId: z.string().min(1),
  bookingDate: calendarDate,
  amount: money,
  description: z.string(),
  counterparty: z.string().nullable(),
  status: z.enum(['booked', 'pending']),
  source: z.enum(['gocardless', 'simplefin', 'import', 'manual']),
});

/** The seed's `CategoryUpdated`. `categoryId` null means the category was cleared. */
export const transactionCategorized = z.object({
  transactionId: z.uuid(),
  categoryId: z.uuid().nullable(),
  previousCategoryId: z.uuid().nullable(),
  provenance: z.enum(['rule', 'history', 'ai', 'user']),
  ruleId: z.uuid().nullable(),
});

export const invoiceIssued = z.object({
  invoiceId: z.uuid(),
  number: z.string().min(1),
  clientId: z.uuid(),
  issueDate: calendarDate,
  dueDate: calendarDate,
  total: money,
});

export const invoicePaid = z.object({
  invoiceId: z.uuid(),
  paidAt: timestamp,
  amount: money,
  /** The bank transaction that settled it, when payment was matched from a sync. */
  transactionId: z.uuid().nullable(),
});

/**
 * A statement import was accepted and waits for worker-financial. Internal to financial-svc and its
 * worker: committed with the import row, so an import can never be recorded without being delivered.
 */
export const statementImportRequested = z.object({
  importId: z.uuid(),
  accountId: z.uuid(),
});

/**
 * A statement import committed its transactions. An import tells its transactions in this one event
 * (they are the import's, `importId` on each), not in one TransactionSynced each: a file of ten
 * years is one fact for its subscribers (worker-financial categorizes what the rules left), not
 * 100,000 deliveries. Committed with the transactions, so it is delivered if and only if they exist.
 */
export const statementImported = z.object({
  importId: z.uuid(),
  accountId: z.uuid(),
  created: z.number().int().nonnegative(),
  /** Stored pending transactions the file's booked rows replaced. */
  booked: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  /** New transactions the tenant's rules categorized during the import (each also has its TransactionCategorized). */
  categorizedByRules: z.number().int().nonnegative(),
});
