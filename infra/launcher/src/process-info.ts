import { readdirSync, readFileSync } from 'node:fs';

/** Linux-only process facts from /proc, for tests and the startup bench. */

/** Direct children of `pid` (e.g. Postgres' background processes under the postmaster). */
export function childPidsOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((candidate) => parentPidOf(candidate) === pid);
}

/** Resident set size in bytes (`VmRSS` of /proc/<pid>/status), undefined when the process is gone. */
export function residentBytesOf(pid: number): number | undefined {
  return kilobytesField(readProcFile(pid, 'status'), 'VmRSS');
}

/**
 * Proportional set size in bytes (`Pss` of /proc/<pid>/smaps_rollup): shared pages split among
 * the processes sharing them, so a sum over processes does not count Postgres' shared memory
 * once per backend the way summed RSS does. Undefined when unavailable.
 */
export function proportionalBytesOf(pid: number): number | undefined {
  return kilobytesField(readProcFile(pid, 'smaps_rollup'), 'Pss');
}

function kilobytesField(text: string | undefined, field: string): number | undefined {
  const match = text === undefined ? null : new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
}

function parentPidOf(pid: number): number | undefined {
  const stat = readProcFile(pid, 'stat');
  if (stat === undefined) return undefined;
  // `pid (comm) state ppid ...`: comm may contain spaces, so read after the last ')'.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function readProcFile(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}
