import { createPool, migrateSchema, runtimeRoleFor, type Database } from '@ai-service/db';
import { createTestDatabase, repoRoot, requireTestDatabaseUrl } from '@ai-service/testing';
import { drizzle } from 'drizzle-orm/node-postgres';
import { join } from 'node:path';
import type pg from 'pg';

export type TradingTestDatabase = {
  url: string;
  /** The runtime role's pool (row-level security applies), and drizzle over it. */
  pool: pg.Pool;
  db: Database;
  /** The owner's pool, as the relay reads the outbox: across tenants, past row-level security. */
  admin: pg.Pool;
  close: () => Promise<void>;
};

/** A fresh database with trading-svc's migrations applied, for the trading tests that work below the service. */
export async function startTradingTestDatabase({ poolMax = 4 }: { poolMax?: number } = {}): Promise<TradingTestDatabase> {
  const database = await createTestDatabase(requireTestDatabaseUrl());
  await migrateSchema({ url: database.url, schema: 'trading', migrationsFolder: join(repoRoot, 'apps/trading-svc/drizzle') });
  const pool = createPool({ url: database.url, max: poolMax, role: runtimeRoleFor('trading') });
  const admin = createPool({ url: database.url, max: 2 });
  return {
    url: database.url,
    pool,
    db: drizzle(pool),
    admin,
    close: async () => {
      await pool.end();
      await admin.end();
      await database.drop();
    },
  };
}
