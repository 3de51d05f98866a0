import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** How long drop() waits for the database's other sessions to end before it ends them. */
const DROP_GRACE_MS = 3_000;

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
        // Pools ended just before may still be closing their connections: give them a moment, so
        // the forced drop does not kill a connection whose client would report it as an error.
        for (let waited = 0; waited < DROP_GRACE_MS; waited += 50) {
          const { rows } = await client.query<{ others: number }>('select count(*)::int as others from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
          if (rows[0]?.others === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
