import pg from 'pg';

export type ServerCredentials = { host: string; port: number; user: string; password: string };

const DUPLICATE_DATABASE = '42P04';

/** Creates `database` unless it already exists. */
export async function ensureDatabase(server: ServerCredentials, database: string): Promise<void> {
  const client = new pg.Client({ ...server, database: 'postgres' });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } catch (error) {
    if ((error as { code?: string }).code !== DUPLICATE_DATABASE) throw error;
  } finally {
    await client.end();
  }
}

export function connectionUrl(server: ServerCredentials, database: string): string {
  const user = encodeURIComponent(server.user);
  const password = encodeURIComponent(server.password);
  return `postgres://${user}:${password}@${server.host}:${server.port}/${encodeURIComponent(database)}`;
}
