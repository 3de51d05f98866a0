import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Postgres writes `postmaster.pid` into its data directory while it runs; its first line is the
 * postmaster's pid. A run that was killed leaves the file behind, and Postgres refuses to start
 * when that pid now belongs to some other process (pids are reused, especially in containers).
 */
const POSTMASTER_PID_FILE = 'postmaster.pid';

export type PostmasterState =
  | { kind: 'absent' }
  | { kind: 'running'; pid: number }
  | { kind: 'stale'; pid: number | undefined };

export async function inspectPostmaster(dataDir: string): Promise<PostmasterState> {
  const text = await readFileIfPresent(path.join(dataDir, POSTMASTER_PID_FILE));
  if (text === undefined) return { kind: 'absent' };
  const pid = parsePid(text.split('\n')[0] ?? '');
  if (pid !== undefined && isRunningPostgres(pid)) return { kind: 'running', pid };
  return { kind: 'stale', pid };
}

/** True while a Postgres server holds the data directory. */
export async function isPostmasterRunning(dataDir: string): Promise<boolean> {
  return (await inspectPostmaster(dataDir)).kind === 'running';
}

/** Removes a `postmaster.pid` whose pid is not a running Postgres; returns what was found. */
export async function removeStalePostmasterPid(dataDir: string): Promise<PostmasterState> {
  const state = await inspectPostmaster(dataDir);
  if (state.kind === 'stale') await rm(path.join(dataDir, POSTMASTER_PID_FILE), { force: true });
  return state;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isRunningPostgres(pid: number): boolean {
  if (!isProcessAlive(pid)) return false;
  const command = processCommandName(pid);
  // Without procfs (macOS) we cannot tell what the pid is, so a live pid counts as Postgres.
  return command === undefined || command.startsWith('postgres');
}

/** `/proc/<pid>/stat` is `pid (comm) state ...`; comm may itself contain spaces and parentheses. */
function readProcStat(pid: number): { command: string; state: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const open = text.indexOf('(');
    const close = text.lastIndexOf(')');
    if (open < 0 || close < open) return undefined;
    return { command: text.slice(open + 1, close), state: text.slice(close + 2, close + 3) };
  } catch {
    return undefined;
  }
}

function processCommandName(pid: number): string | undefined {
  return readProcStat(pid)?.command;
}

function isZombie(pid: number): boolean {
  return readProcStat(pid)?.state === 'Z';
}

function parsePid(line: string): number | undefined {
  const pid = Number.parseInt(line.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function readFileIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
