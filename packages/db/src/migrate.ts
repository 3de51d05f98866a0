import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { runtimeRoleFor } from './pool.ts';

export type MigrateOptions = {
  url: string;
  schema: string;
  migrationsFolder: string;
  log?: (message: string, details?: Record<string, unknown>) => void;
};

const DUPLICATE_OBJECT = '42710';
const UNIQUE_VIOLATION = '23505';

/** Applied-migration bookkeeping: one table per service schema, e.g. `migrations.financial`. */
const MIGRATIONS_SCHEMA = 'migrations';

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Applies the service's committed drizzle-kit migrations under a Postgres advisory lock, so N
 * replicas booting together apply each migration once; then makes sure the runtime role exists,
 * has exactly the grants it needs, and that every tenant table forces row-level security.
 */
export async function migrateSchema({ url, schema, migrationsFolder, log }: MigrateOptions): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [`ai-service:migrate:${schema}`]);
    // drizzle-kit's first migration creates the service schema, so the bookkeeping lives beside it.
    await migrate(drizzle(client), { migrationsFolder, migrationsSchema: MIGRATIONS_SCHEMA, migrationsTable: schema });
    await ensureRuntimeRole(client, schema);
    await forceTenantIsolation(client, schema);
    log?.('schema migrated', { schema });
  } finally {
    await client.query('select pg_advisory_unlock_all()').catch(() => undefined);
    await client.end();
  }
}

async function ensureRuntimeRole(client: pg.Client, schema: string): Promise<void> {
  const role = quoteIdent(runtimeRoleFor(schema));
  const exists = await client.query('select 1 from pg_roles where rolname = $1', [runtimeRoleFor(schema)]);
  if (exists.rowCount === 0) {
    // Roles are cluster-wide: another database on the same server may create it at the same moment.
    await client.query(`create role ${role} nologin nosuperuser nobypassrls`).catch((error: { code?: string }) => {
      if (error.code !== DUPLICATE_OBJECT && error.code !== UNIQUE_VIOLATION) throw error;
    });
  }
  await client.query(`grant ${role} to current_user`).catch(() => undefined);
  const s = quoteIdent(schema);
  await client.query(`grant usage on schema ${s} to ${role}`);
  await client.query(`grant select, insert, update, delete on all tables in schema ${s} to ${role}`);
  await client.query(`grant usage, select on all sequences in schema ${s} to ${role}`);
}

/** Second wall: a table carrying tenant_id without RLS is a boot failure, and RLS binds the owner too. */
async function forceTenantIsolation(client: pg.Client, schema: string): Promise<void> {
  const tables = await client.query<{ table_name: string; rls: boolean }>(
    `select c.relname as table_name, c.relrowsecurity as rls
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
      where n.nspname = $1 and c.relkind = 'r'`,
    [schema],
  );
  const unprotected = tables.rows.filter((row) => !row.rls).map((row) => row.table_name);
  if (unprotected.length > 0) {
    throw new Error(`tables with tenant_id but without row-level security in ${schema}: ${unprotected.join(', ')}`);
  }
  for (const { table_name } of tables.rows) {
    await client.query(`alter table ${quoteIdent(schema)}.${quoteIdent(table_name)} force row level security`);
  }
}
