import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from '@ai-service/testing';
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgSchema } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { eventLogTable } from './event-log.ts';
import { migrateSchema } from './migrate.ts';
import { createPool, runtimeRoleFor } from './pool.ts';
import { withTenant } from './tenant.ts';

const migrationsFolder = fileURLToPath(new URL('./test-fixtures/migrations', import.meta.url));
const eventLog = eventLogTable(pgSchema('fixture'));
let database: TestDatabase;

before(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl());
});
after(async () => {
  await database.drop();
});

test('two instances migrating at once apply the migration once, without error', async () => {
  await Promise.all([1, 2, 3].map(() => migrateSchema({ url: database.url, schema: 'fixture', migrationsFolder })));
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const applied = await client.query('select count(*)::int as n from migrations.fixture');
    assert.equal(applied.rows[0].n, 1);
    const tables = await client.query(`select count(*)::int as n from pg_tables where schemaname = 'fixture' and tablename = 'event_log'`);
    assert.equal(tables.rows[0].n, 1);
    const forced = await client.query(`select relforcerowsecurity as forced from pg_class where oid = 'fixture.event_log'::regclass`);
    assert.equal(forced.rows[0].forced, true);
  } finally {
    await client.end();
  }
});

test('row-level security: without the tenant setting a query sees no rows; a tenant sees only its own', async () => {
  await migrateSchema({ url: database.url, schema: 'fixture', migrationsFolder });
  const pool = createPool({ url: database.url, max: 2, role: runtimeRoleFor('fixture') });
  const db = drizzle(pool);
  const [tenantA, tenantB] = [randomUUID(), randomUUID()];
  try {
    for (const tenantId of [tenantA, tenantA, tenantB]) {
      await withTenant(db, tenantId, (tx) => tx.insert(eventLog).values({ type: 'Created', aggregateType: 'thing', aggregateId: '1', tenantId }));
    }
    assert.equal((await db.select().from(eventLog)).length, 0, 'no tenant setting: no rows');
    assert.equal((await withTenant(db, tenantA, (tx) => tx.select().from(eventLog))).length, 2);
    assert.equal((await withTenant(db, tenantB, (tx) => tx.select().from(eventLog))).length, 1);
    await assert.rejects(
      withTenant(db, tenantA, (tx) => tx.insert(eventLog).values({ type: 'Forged', aggregateType: 'thing', aggregateId: '1', tenantId: tenantB })),
      (error: Error) => /row-level security/.test(String(error.cause)),
      'a tenant cannot write rows of another',
    );
    const role = await pool.query('select current_user as role');
    assert.equal(role.rows[0].role, runtimeRoleFor('fixture'));
  } finally {
    await pool.end();
  }
});
