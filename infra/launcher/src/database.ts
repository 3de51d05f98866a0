import path from 'node:path';
import type { LauncherConfig } from '@ai-service/config';
import { startEmbeddedPostgres } from '@ai-service/pg-embedded';
import type { LauncherLog } from './launcher-log.ts';

export type Database = {
  url: string;
  /** Set when the launcher runs Postgres itself. */
  embedded: { pid: number; port: number } | null;
  stop(): Promise<void>;
};

/** Postgres stop budget inside the launcher's 10 s shutdown (services get 8 s before it). */
const EMBEDDED_STOP_TIMEOUT_MS = 1_000;

/** `DATABASE_URL` when configured; otherwise an embedded Postgres kept in `<DATA_DIR>/postgres`. */
export async function provideDatabase(config: LauncherConfig, dataDir: string, log: LauncherLog, postgresLog: LauncherLog): Promise<Database> {
  if (config.DATABASE_URL !== undefined) {
    log.info('using DATABASE_URL from the environment; no embedded Postgres');
    return { url: config.DATABASE_URL, embedded: null, stop: async () => {} };
  }
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'postgres'),
    port: config.EMBEDDED_PG_PORT,
    stopTimeoutMs: EMBEDDED_STOP_TIMEOUT_MS,
    // Routine server chatter only at debug level; warnings and errors always.
    logger: { info: (line) => postgresLog.debug(line), warn: (line) => postgresLog.warn(line), error: (line) => postgresLog.error(line) },
  });
  return { url: postgres.url, embedded: { pid: postgres.pid, port: postgres.port }, stop: postgres.stop };
}
