import { spawn, type ChildProcess } from 'node:child_process';
import type { ProcessIdentity } from './postgres-os-user.ts';
import type { ServerLog } from './server-log.ts';

export type ServerProcess = {
  pid: number;
  /** Fast shutdown (SIGINT); after `timeoutMs` immediate shutdown (SIGQUIT), then SIGKILL. */
  stop(timeoutMs: number): Promise<void>;
};

export type ServerOptions = {
  binary: string;
  dataDir: string;
  host: string;
  port: number;
  /** Run as this OS user (we are root); undefined: as ourselves. */
  identity: ProcessIdentity | undefined;
  log: ServerLog;
};

const READY_MESSAGE = 'database system is ready to accept connections';
const FORCED_STOP_GRACE_MS = 2_000;

/**
 * Runs the postmaster as our child, in its own process group: a Ctrl-C in the terminal reaches
 * only the program that owns it, which stops Postgres last, after the services using it.
 * Resolves once the server accepts connections; rejects with its last output if it exits first.
 */
export async function startServerProcess(options: ServerOptions): Promise<ServerProcess> {
  const child = spawn(
    options.binary,
    [
      ...['-D', options.dataDir, '-p', String(options.port)],
      ...['-c', `listen_addresses=${options.host}`, '-c', 'unix_socket_directories='],
      ...['-c', 'lc_messages=C'], // English messages, so READY_MESSAGE can be recognised
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...(options.identity ?? {}) },
  );
  child.stdout.on('data', options.log.output);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let recent = ''; // the ready message may straddle two chunks
    child.stderr.on('data', (chunk: Buffer) => {
      options.log.output(chunk);
      recent = (recent + chunk.toString('utf8')).slice(-READY_MESSAGE.length * 4);
      if (recent.includes(READY_MESSAGE)) resolve();
    });
    child.on('error', (error) => {
      options.log.failure(error);
      reject(error);
    });
    void exited.then(() => reject(new Error(`Postgres exited during start-up. Last output:\n${options.log.tail()}`)));
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('Postgres started without a pid');
  return { pid, stop: (timeoutMs) => stopServer(child, exited, timeoutMs, options.log) };
}

async function stopServer(child: ChildProcess, exited: Promise<void>, timeoutMs: number, log: ServerLog): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  if (await settlesWithin(exited, timeoutMs)) return;
  log.warn(`Postgres (pid ${child.pid}) still running ${timeoutMs} ms after SIGINT; sending SIGQUIT`);
  child.kill('SIGQUIT');
  if (await settlesWithin(exited, FORCED_STOP_GRACE_MS)) return;
  log.warn(`Postgres (pid ${child.pid}) ignored SIGQUIT; sending SIGKILL`);
  child.kill('SIGKILL');
  if (!(await settlesWithin(exited, FORCED_STOP_GRACE_MS))) throw new Error(`Postgres (pid ${child.pid}) is still running after SIGKILL`);
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
