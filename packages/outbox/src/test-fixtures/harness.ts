import type { EventType } from '@ai-service/contracts/events';
import { createPool, migrateSchema, runtimeRoleFor, withTenant, type Database } from '@ai-service/db';
import { waitFor, type TestDatabase } from '@ai-service/testing';
import { drizzle } from 'drizzle-orm/node-postgres';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { appendEvent } from '../append.ts';
import { effects, inbox, outbox } from './schema.ts';

export { effects, inbox, outbox };

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export type Fixture = {
  /** The test file's database (superuser): also where BullMQ keeps its Postgres tables in these tests. */
  databaseUrl: string;
  /** The schema owner: an ordinary role, not a superuser, so row-level security binds it as in production. */
  ownerUrl: string;
  /** The runtime role's view (ai_relay_fixture_rw), as services and workers query. */
  db: Database;
  /** Runs raw SQL as the server's superuser (inspection, simulated crashes). */
  admin: pg.Pool;
  close: () => Promise<void>;
};

/**
 * Migrates the fixture schema into the test database as a freshly created, non-superuser owner
 * (the outbox relay runs as that owner) and opens a runtime-role pool for consumers.
 */
export async function setUpFixture(database: TestDatabase, serverUrl: string, { poolMax = 12 } = {}): Promise<Fixture> {
  const owner = `t_owner_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const admin = new pg.Pool({ connectionString: database.url, max: 4 });
  // Roles outlive databases: whatever happens here, the owner role goes with the database.
  const dropAll = async () => {
    await admin.end();
    const server = new pg.Client({ connectionString: serverUrl });
    await server.connect();
    // Closed pools finish hanging up asynchronously; dropping the database under them would
    // terminate those connections and surface as errors after the test.
    await waitFor(
      async () => {
        const { rows } = await server.query('select count(*)::int as n from pg_stat_activity where datname = $1', [database.name]);
        return rows[0].n === 0 ? true : undefined;
      },
      { timeoutMs: 3_000, intervalMs: 50, what: 'connections to the test database to close' },
    ).catch(() => undefined);
    await database.drop();
    // Memberships it granted (itself into the runtime role) go first: Postgres 16+ refuses otherwise.
    await server
      .query(`drop owned by ${owner}`)
      .then(() => server.query(`drop role if exists ${owner}`))
      .finally(() => server.end());
  };
  try {
    await admin.query(`create role ${owner} login createrole password '${password}'`);
    await admin.query(`grant create on database ${database.name} to ${owner}`);
    const ownerUrl = new URL(database.url);
    ownerUrl.username = owner;
    ownerUrl.password = password;
    await migrateSchema({ url: ownerUrl.toString(), schema: 'relay_fixture', migrationsFolder });
    // The superuser switches to the runtime role, whoever created that cluster-wide role first.
    const pool = createPool({ url: database.url, max: poolMax, role: runtimeRoleFor('relay_fixture') });
    return {
      databaseUrl: database.url,
      ownerUrl: ownerUrl.toString(),
      db: drizzle(pool),
      admin,
      close: async () => {
        await pool.end();
        await dropAll();
      },
    };
  } catch (error) {
    await dropAll();
    throw error;
  }
}

/** A valid StrategyStateChanged for `sessionId`: the tests' generic event (aggregate `session`). */
export function stateChange(tenantId: string, sessionId: string, step = 0) {
  return {
    type: 'StrategyStateChanged' as const satisfies EventType,
    tenantId,
    aggregateId: sessionId,
    payload: { sessionId, strategyId: sessionId, from: 'Live' as const, to: 'Monitoring' as const, reason: `step ${step}`, mode: 'paper' as const },
  };
}

/** Appends events in one committed transaction per call, as a service's request handler would. */
export async function commitEvents(db: Database, tenantId: string, events: Array<ReturnType<typeof stateChange>>): Promise<string[]> {
  return withTenant(db, tenantId, async (tx) => {
    const ids: string[] = [];
    for (const event of events) ids.push((await appendEvent(tx, outbox, event)).id);
    return ids;
  });
}

export const newTenant = () => randomUUID();
