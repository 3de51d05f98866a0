import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LauncherLog } from './launcher-log.ts';
import { isProcessAlive, type LauncherPids } from './pids-file.ts';

/**
 * A launcher that was killed (SIGKILL, OOM) cannot stop its children: services keep their ports
 * and Postgres keeps the data folder. The next launcher finds them in the pids file left behind
 * and stops them, but only processes whose command line proves what they are (Linux /proc);
 * anything else with a recycled pid is left alone.
 */
export async function stopLeftoversOf(previous: LauncherPids, dataDir: string, log: LauncherLog): Promise<void> {
  const leftovers: { name: string; pid: number; signal: NodeJS.Signals }[] = [];
  for (const [name, service] of Object.entries(previous.services)) {
    if (service.pid !== null && commandLineOf(service.pid)?.includes(path.join('apps', name, 'src', 'main.ts'))) {
      leftovers.push({ name, pid: service.pid, signal: 'SIGTERM' });
    }
  }
  const postgres = previous.postgres?.pid;
  if (postgres !== undefined && commandLineOf(postgres)?.includes(path.join(dataDir, 'postgres'))) {
    leftovers.push({ name: 'postgres', pid: postgres, signal: 'SIGINT' }); // fast shutdown
  }
  if (leftovers.length === 0) return;
  log.warn(`the previous launcher (pid ${previous.launcher}) died without stopping its processes; stopping them`, {
    processes: leftovers.map(({ name, pid }) => `${name}:${pid}`).join(','),
  });
  const services = leftovers.filter((leftover) => leftover.name !== 'postgres');
  await stopAndWait(services);
  await stopAndWait(leftovers.filter((leftover) => leftover.name === 'postgres'));
}

/** Orphaned services often cannot finish a graceful stop (their stdout pipe is gone), so the grace is short. */
async function stopAndWait(processes: { pid: number; signal: NodeJS.Signals }[], graceMs = 3_000): Promise<void> {
  for (const { pid, signal } of processes) signalQuietly(pid, signal);
  const deadline = Date.now() + graceMs;
  while (processes.some(({ pid }) => isProcessAlive(pid)) && Date.now() < deadline) await sleep(50);
  for (const { pid } of processes) if (isProcessAlive(pid)) signalQuietly(pid, 'SIGKILL');
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

/** A live process that runs the launcher (not merely some process that got the recycled pid). */
export function isRunningLauncher(pid: number): boolean {
  if (!isProcessAlive(pid)) return false;
  const commandLine = commandLineOf(pid);
  return commandLine === undefined || commandLine.includes('start.ts');
}
