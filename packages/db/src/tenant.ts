import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { TENANT_SETTING } from './tenant-policy.ts';

export type Database = NodePgDatabase<Record<string, unknown>>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Runs `work` in one transaction scoped to `tenantId`: row-level security shows only its rows. */
export async function withTenant<T>(db: Database, tenantId: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config(${TENANT_SETTING}, ${tenantId}, true)`);
    return work(tx);
  });
}
