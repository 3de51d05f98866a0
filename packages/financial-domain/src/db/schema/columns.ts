import { char, numeric, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Column builders every financial table shares, so ids, tenancy, times and money look the same everywhere. */

export const id = () => uuid('id').primaryKey();

export const tenantId = () => uuid('tenant_id').notNull();

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** Refreshed by every drizzle `update` of the row. */
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** Exact money: 16 integer and 4 fractional digits, read and written as decimal strings. */
export const money = (name: string) => numeric(name, { precision: 20, scale: 4 });

/** ISO 4217 code. */
export const currency = (name: string) => char(name, { length: 3 });
