import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type TestDatabase = { url: string; name: string; drop: () => Promise<void> };

/**
 * A fresh, empty database on the test server for one test file: tests never share or wipe a
 * database, so they can run in parallel. The server URL comes from the test runner (scripts/test.ts).
 */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
