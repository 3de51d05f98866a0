import { createTestDatabase, requireTestDatabaseUrl, type TestDatabase } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { timeOrderedUuid } from './time-ordered-uuid.ts';

let database: TestDatabase;
let pool: pg.Pool;

before(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl());
  pool = new pg.Pool({ connectionString: database.url, max: 1 });
});
after(async () => {
  await pool.end();
  await database.drop();
});

test('time-ordered UUIDs are version 7, unique, and carry the millisecond they were made in', async () => {
  const before = Date.now();
  const { rows } = await drizzle(pool).execute<{ id: string }>(sql`select ${timeOrderedUuid} as id from generate_series(1, 2000)`);
  const after = Date.now();
  const ids = rows.map((row) => row.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) {
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, id);
    const millisecond = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    assert.ok(millisecond >= before - 1_000 && millisecond <= after + 1_000, `${id} tells ${new Date(millisecond).toISOString()}`);
  }
  // Later rows never carry an earlier millisecond: they follow each other in an index.
  const milliseconds = ids.map((id) => id.slice(0, 13));
  assert.deepEqual(milliseconds, [...milliseconds].sort());
});
