import { sql } from 'drizzle-orm';
import { pgPolicy } from 'drizzle-orm/pg-core';

/** The per-transaction setting that row-level security reads; set only by `withTenant`. */
export const TENANT_SETTING = 'app.tenant_id';

const currentTenant = sql.raw(`nullif(current_setting('${TENANT_SETTING}', true), '')::uuid`);

/**
 * Row-level security for a table with a `tenant_id` column: rows are visible and writable only
 * inside a transaction whose tenant setting matches. Without the setting, nothing is visible.
 */
export const tenantIsolationPolicy = () =>
  pgPolicy('tenant_isolation', {
    as: 'permissive',
    for: 'all',
    using: sql`tenant_id = ${currentTenant}`,
    withCheck: sql`tenant_id = ${currentTenant}`,
  });
