import { tenantIsolationPolicy } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, numeric, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, currency, id, money, tenantId, updatedAt } from './columns.ts';
import { financialSchema } from './core.ts';
import { categories } from './ledger.ts';

export const RATE_SOURCES = ['manual', 'ecb'] as const;
export type RateSource = (typeof RATE_SOURCES)[number];

/** The currency reports are in when a tenant never chose one (docs/reports.md). */
export const DEFAULT_BASE_CURRENCY = 'EUR';

/** One row per tenant that changed a setting; a tenant without a row has the defaults. */
export const settings = financialSchema
  .table(
    'settings',
    {
      tenantId: uuid('tenant_id').primaryKey(),
      baseCurrency: currency('base_currency').notNull(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    () => [tenantIsolationPolicy()],
  )
  .enableRLS();

/**
 * A day's rate: 1 `base_currency` = `rate` `quote_currency` (ECB: base EUR, `USD 1.0812`). One
 * per tenant, date and pair; reports convert through these (domain/exchange-rates/rateBook.ts).
 */
export const exchangeRates = financialSchema
  .table(
    'exchange_rates',
    {
      id: id(),
      tenantId: tenantId(),
      date: date('date', { mode: 'string' }).notNull(),
      baseCurrency: currency('base_currency').notNull(),
      quoteCurrency: currency('quote_currency').notNull(),
      rate: numeric('rate', { precision: 24, scale: 10 }).notNull(),
      source: text('source', { enum: RATE_SOURCES }).notNull(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (table) => [
      uniqueIndex('exchange_rates_pair_date_unique').on(table.tenantId, table.baseCurrency, table.quoteCurrency, table.date),
      index('exchange_rates_list_idx').on(table.tenantId, table.date.desc(), table.id.desc()),
      check('exchange_rates_rate_positive', sql`${table.rate} > 0`),
      check('exchange_rates_distinct_pair', sql`${table.baseCurrency} <> ${table.quoteCurrency}`),
      check('exchange_rates_source_check', sql.raw(`source in (${RATE_SOURCES.map((source) => `'${source}'`).join(', ')})`)),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/**
 * What a category may take in one month (`month` is its first day), in the tenant's base currency.
 * With `rollover`, the month's remaining (unspent or overspent) carries into the next month's budget.
 */
export const budgets = financialSchema
  .table(
    'budgets',
    {
      id: id(),
      tenantId: tenantId(),
      month: date('month', { mode: 'string' }).notNull(),
      categoryId: uuid('category_id').notNull(),
      amount: money('amount').notNull(),
      rollover: boolean('rollover').notNull().default(false),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (table) => [
      uniqueIndex('budgets_month_category_unique').on(table.tenantId, table.month, table.categoryId),
      // A category's budgets go with it: deleting a category is already refused while it is used.
      foreignKey({ name: 'budgets_category_fk', columns: [table.tenantId, table.categoryId], foreignColumns: [categories.tenantId, categories.id] }).onDelete('cascade'),
      check('budgets_amount_not_negative', sql`${table.amount} >= 0`),
      check('budgets_month_first_day', sql`extract(day from ${table.month}) = 1`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();
