import pg from 'pg';

export type PoolOptions = {
  url: string;
  max: number;
  /** Role every pooled connection switches to at connect time (a role that cannot bypass RLS). */
  role?: string;
  onError?: (error: Error) => void;
};

export function createPool({ url, max, role, onError }: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    ...(role ? { options: `-c role=${role}` } : {}),
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  pool.on('error', (error) => onError?.(error));
  return pool;
}

export async function pingPostgres(pool: pg.Pool): Promise<void> {
  await pool.query('select 1');
}

export const runtimeRoleFor = (schema: string) => `ai_${schema}_rw`;
