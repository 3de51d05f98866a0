import { tenantIsolationPolicy } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, integer, jsonb, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, currency, id, money, tenantId, updatedAt } from './columns.ts';
import { financialSchema } from './core.ts';

// Foreign keys carry tenant_id (referencing a `(tenant_id, id)` unique key), so a row can never
// point at another tenant's row: foreign-key checks do not go through row-level security.

export const ACCOUNT_TYPES = ['checking', 'savings', 'credit_card', 'cash', 'brokerage', 'loan'] as const;
export const CATEGORY_KINDS = ['income', 'expense'] as const;
export const COUNTERPARTY_KINDS = ['payee', 'vendor', 'client'] as const;
export const TRANSACTION_STATUSES = ['pending', 'booked'] as const;
/** `trading`: a trade of a trading session, recorded in its exchange's brokerage account (domain/trades/recordTrade.ts). */
export const TRANSACTION_SOURCES = ['manual', 'import', 'gocardless', 'simplefin', 'trading'] as const;
export const CATEGORY_PROVENANCES = ['rule', 'history', 'ai', 'user'] as const;

const oneOf = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((value) => `'${value}'`).join(', ')})`);

/** An own account. Its balance is derived (opening balance + live transactions), never stored. */
export const accounts = financialSchema
  .table(
    'accounts',
    {
      id: id(),
      tenantId: tenantId(),
      name: text('name').notNull(),
      type: text('type', { enum: ACCOUNT_TYPES }).notNull(),
      currency: currency('currency').notNull(),
      openingBalance: money('opening_balance').notNull().default('0'),
      openingDate: date('opening_date', { mode: 'string' }),
      iban: text('iban'),
      accountNumber: text('account_number'),
      institution: text('institution'),
      archivedAt: timestamp('archived_at', { withTimezone: true }),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (table) => [
      unique('accounts_tenant_id_id_unique').on(table.tenantId, table.id),
      index('accounts_tenant_name_idx').on(table.tenantId, table.name),
      check('accounts_type_check', oneOf('type', ACCOUNT_TYPES)),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/** A category tree per tenant; a child has its parent's kind. Cycles are refused by the domain under a tenant lock. */
export const categories = financialSchema
  .table(
    'categories',
    {
      id: id(),
      tenantId: tenantId(),
      parentId: uuid('parent_id'),
      name: text('name').notNull(),
      kind: text('kind', { enum: CATEGORY_KINDS }).notNull(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (table) => [
      unique('categories_tenant_id_id_unique').on(table.tenantId, table.id),
      foreignKey({ name: 'categories_parent_fk', columns: [table.tenantId, table.parentId], foreignColumns: [table.tenantId, table.id] }),
      // Sibling names are unique regardless of case; top-level categories are siblings too.
      uniqueIndex('categories_sibling_name_unique').on(table.tenantId, sql`coalesce(${table.parentId}, '00000000-0000-0000-0000-000000000000'::uuid)`, sql`lower(${table.name})`),
      check('categories_kind_check', oneOf('kind', CATEGORY_KINDS)),
      check('categories_not_own_parent', sql`${table.parentId} <> ${table.id}`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

export const tags = financialSchema
  .table(
    'tags',
    { id: id(), tenantId: tenantId(), name: text('name').notNull(), createdAt: createdAt(), updatedAt: updatedAt() },
    (table) => [
      unique('tags_tenant_id_id_unique').on(table.tenantId, table.id),
      uniqueIndex('tags_name_unique').on(table.tenantId, sql`lower(${table.name})`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/** Payees, vendors and clients in one table (seed 004's master data); names are unique per tenant regardless of case. */
export const counterparties = financialSchema
  .table(
    'counterparties',
    {
      id: id(),
      tenantId: tenantId(),
      name: text('name').notNull(),
      kind: text('kind', { enum: COUNTERPARTY_KINDS }).notNull().default('payee'),
      iban: text('iban'),
      email: text('email'),
      taxId: text('tax_id'),
      notes: text('notes'),
      address: jsonb('address').$type<Record<string, string>>(),
      /** For clients: what they are invoiced in, and the days until an invoice is due (invoices.ts). */
      currency: currency('currency'),
      paymentTermsDays: integer('payment_terms_days'),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (table) => [
      unique('counterparties_tenant_id_id_unique').on(table.tenantId, table.id),
      uniqueIndex('counterparties_name_unique').on(table.tenantId, sql`lower(${table.name})`),
      check('counterparties_kind_check', oneOf('kind', COUNTERPARTY_KINDS)),
      check('counterparties_payment_terms_check', sql`${table.paymentTermsDays} is null or ${table.paymentTermsDays} between 0 and 3650`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/**
 * One booking on an own account; `amount` is signed (negative = money out) in the account's
 * currency. Deleting sets `deleted_at`: the row keeps its `external_id` and `content_hash`, so a
 * re-import or re-sync does not bring it back. A pending row superseded by its booked version gets
 * `replaced_by_id` and `deleted_at`. Live rows: `deleted_at is null`.
 */
export const transactions = financialSchema
  .table(
    'transactions',
    {
      id: id(),
      tenantId: tenantId(),
      accountId: uuid('account_id').notNull(),
      bookingDate: date('booking_date', { mode: 'string' }).notNull(),
      valueDate: date('value_date', { mode: 'string' }),
      amount: money('amount').notNull(),
      currency: currency('currency').notNull(),
      /** The amount in the currency it was paid in, when that differs from the account's. */
      originalAmount: money('original_amount'),
      originalCurrency: currency('original_currency'),
      counterpartyId: uuid('counterparty_id'),
      /** The counterparty as the bank or the user wrote it. */
      counterpartyName: text('counterparty_name'),
      description: text('description').notNull().default(''),
      notes: text('notes'),
      categoryId: uuid('category_id'),
      /** Who chose the category; a 'user' choice is never overwritten automatically. */
      categoryProvenance: text('category_provenance', { enum: CATEGORY_PROVENANCES }),
      /** The rule that set the category (rules live in rules.ts; no foreign key so a rule's deletion keeps history). */
      categoryRuleId: uuid('category_rule_id'),
      status: text('status', { enum: TRANSACTION_STATUSES }).notNull().default('booked'),
      /** The bank's or provider's id (OFX FITID, CAMT reference, GoCardless transactionId). */
      externalId: text('external_id'),
      /** A stable hash of the content, for sources without ids (see imports). */
      contentHash: text('content_hash'),
      source: text('source', { enum: TRANSACTION_SOURCES }).notNull().default('manual'),
      importId: uuid('import_id'),
      /** Both legs of a transfer between own accounts share it. */
      transferId: uuid('transfer_id'),
      replacedById: uuid('replaced_by_id'),
      deletedAt: timestamp('deleted_at', { withTimezone: true }),
      createdBy: uuid('created_by'),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
      /**
       * The written counterparty normalized (case, surrounding and repeated spaces; null when empty):
       * what counterparty memory groups by. A column, not an expression in the index, because under
       * row-level security only leakproof conditions become index conditions, and lower() or
       * regexp_replace() are not: the index was read for the whole tenant and filtered.
       */
      counterpartyKey: text('counterparty_key').generatedAlwaysAs(sql`nullif(lower(regexp_replace(btrim(counterparty_name), '\\s+', ' ', 'g')), '')`),
      /** What text search (`q`) matches: one column for the three texts. */
      searchText: text('search_text')
        .notNull()
        .generatedAlwaysAs(sql`coalesce(description, '') || ' ' || coalesce(counterparty_name, '') || ' ' || coalesce(notes, '')`),
    },
    (table) => [
      unique('transactions_tenant_id_id_unique').on(table.tenantId, table.id),
      foreignKey({ name: 'transactions_account_fk', columns: [table.tenantId, table.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
      foreignKey({ name: 'transactions_category_fk', columns: [table.tenantId, table.categoryId], foreignColumns: [categories.tenantId, categories.id] }),
      foreignKey({
        name: 'transactions_counterparty_fk',
        columns: [table.tenantId, table.counterpartyId],
        foreignColumns: [counterparties.tenantId, counterparties.id],
      }),
      foreignKey({ name: 'transactions_replaced_by_fk', columns: [table.tenantId, table.replacedById], foreignColumns: [table.tenantId, table.id] }),
      uniqueIndex('transactions_external_id_unique').on(table.accountId, table.externalId).where(sql`${table.externalId} is not null`),
      uniqueIndex('transactions_content_hash_unique').on(table.accountId, table.contentHash).where(sql`${table.contentHash} is not null`),
      index('transactions_list_idx').on(table.tenantId, table.bookingDate.desc(), table.id.desc()),
      index('transactions_account_list_idx').on(table.accountId, table.bookingDate.desc(), table.id.desc()),
      // No index on amount, nor a trigram index on search_text: under row-level security only
      // leakproof conditions can be index conditions for the service's role, and numeric
      // comparisons and ILIKE are not, so such indexes were never used, only maintained on every
      // write. Amount matching reads account_list_idx by date range; text search filters the
      // tenant's rows. (Measured with EXPLAIN as the runtime role: docs/financial.md, "Indexes".)
      index('transactions_category_idx').on(table.tenantId, table.categoryId),
      index('transactions_counterparty_idx').on(table.tenantId, table.counterpartyId),
      index('transactions_transfer_idx').on(table.transferId).where(sql`${table.transferId} is not null`),
      index('transactions_import_idx').on(table.importId).where(sql`${table.importId} is not null`),
      // Counterparty memory (repositories/categoryHistory.ts): the latest categorized live transactions
      // of a counterparty, by written name or by link, in its exact order, so a lookup reads its few rows and stops.
      index('transactions_history_name_idx')
        .on(table.tenantId, table.counterpartyKey, table.bookingDate.desc(), table.createdAt.desc(), table.id.desc())
        .where(sql`${table.deletedAt} is null and ${table.categoryId} is not null and ${table.counterpartyKey} is not null`),
      index('transactions_history_counterparty_idx')
        .on(table.tenantId, table.counterpartyId, table.bookingDate.desc(), table.createdAt.desc(), table.id.desc())
        .where(sql`${table.deletedAt} is null and ${table.categoryId} is not null and ${table.counterpartyId} is not null`),
      check('transactions_status_check', oneOf('status', TRANSACTION_STATUSES)),
      check('transactions_source_check', oneOf('source', TRANSACTION_SOURCES)),
      check('transactions_provenance_check', sql`category_provenance is null or ${oneOf('category_provenance', CATEGORY_PROVENANCES)}`),
      check('transactions_rule_provenance_check', sql`category_rule_id is null or category_provenance = 'rule'`),
      check('transactions_original_amount_check', sql`(original_amount is null) = (original_currency is null)`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/**
 * Parts of one transaction, each with its own category; they sum to the transaction's amount
 * (checked at commit by the constraint trigger of migration 0003, and by the domain before).
 */
export const transactionSplits = financialSchema
  .table(
    'transaction_splits',
    {
      id: id(),
      tenantId: tenantId(),
      transactionId: uuid('transaction_id').notNull(),
      position: integer('position').notNull(),
      amount: money('amount').notNull(),
      categoryId: uuid('category_id'),
      description: text('description'),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (table) => [
      foreignKey({
        name: 'transaction_splits_transaction_fk',
        columns: [table.tenantId, table.transactionId],
        foreignColumns: [transactions.tenantId, transactions.id],
      }).onDelete('cascade'),
      foreignKey({ name: 'transaction_splits_category_fk', columns: [table.tenantId, table.categoryId], foreignColumns: [categories.tenantId, categories.id] }),
      uniqueIndex('transaction_splits_position_unique').on(table.transactionId, table.position),
      index('transaction_splits_category_idx').on(table.tenantId, table.categoryId),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

export const transactionTags = financialSchema
  .table(
    'transaction_tags',
    { tenantId: tenantId(), transactionId: uuid('transaction_id').notNull(), tagId: uuid('tag_id').notNull(), createdAt: createdAt() },
    (table) => [
      primaryKey({ columns: [table.transactionId, table.tagId] }),
      foreignKey({
        name: 'transaction_tags_transaction_fk',
        columns: [table.tenantId, table.transactionId],
        foreignColumns: [transactions.tenantId, transactions.id],
      }).onDelete('cascade'),
      foreignKey({ name: 'transaction_tags_tag_fk', columns: [table.tenantId, table.tagId], foreignColumns: [tags.tenantId, tags.id] }).onDelete('cascade'),
      index('transaction_tags_tag_idx').on(table.tenantId, table.tagId),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

export type AccountType = (typeof ACCOUNT_TYPES)[number];
export type CategoryKind = (typeof CATEGORY_KINDS)[number];
export type CounterpartyKind = (typeof COUNTERPARTY_KINDS)[number];
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];
export type TransactionSource = (typeof TRANSACTION_SOURCES)[number];
export type CategoryProvenance = (typeof CATEGORY_PROVENANCES)[number];
