import { readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** `<DATA_DIR>/launcher.pids.json`: what a running launcher started, for tools (bench, reset). */
export type LauncherPids = {
  launcher: number;
  postgres: { pid: number; port: number } | null;
  services: Record<string, { pid: number | null; url: string }>;
  writtenAt: string;
};

const PIDS_FILE = 'launcher.pids.json';

export function pidsFilePath(dataDir: string): string {
  return path.join(dataDir, PIDS_FILE);
}

export async function writePidsFile(dataDir: string, pids: LauncherPids): Promise<void> {
  const file = pidsFilePath(dataDir);
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, `${JSON.stringify(pids, null, 2)}\n`);
  await rename(partial, file);
}

export async function readPidsFile(dataDir: string): Promise<LauncherPids | undefined> {
  try {
    return JSON.parse(await readFile(pidsFilePath(dataDir), 'utf8')) as LauncherPids;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function removePidsFile(dataDir: string): Promise<void> {
  await rm(pidsFilePath(dataDir), { force: true });
}

/** True for a running process; false when gone or a zombie waiting to be reaped. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/**
 * Keeps `launcher.pids.json` current for one launcher: writes are queued so they never overlap,
 * and failures are reported, not thrown (the file is a convenience for tools).
 */
export class PidsRecorder {
  readonly #dataDir: string;
  readonly #onError: (error: unknown) => void;
  #queue: Promise<void> = Promise.resolve();

  constructor(dataDir: string, onError: (error: unknown) => void) {
    this.#dataDir = dataDir;
    this.#onError = onError;
  }

  record(pids: Omit<LauncherPids, 'launcher' | 'writtenAt'>): Promise<void> {
    const snapshot: LauncherPids = { launcher: process.pid, ...pids, writtenAt: new Date().toISOString() };
    this.#queue = this.#queue.then(() => writePidsFile(this.#dataDir, snapshot)).catch(this.#onError);
    return this.#queue;
  }

  async remove(): Promise<void> {
    await this.#queue;
    await removePidsFile(this.#dataDir);
  }
}
