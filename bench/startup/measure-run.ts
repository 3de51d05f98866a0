import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isolatedLauncherEnv, spawnLauncher } from '../../infra/launcher/src/launcher-process.ts';
import { readPidsFile } from '../../infra/launcher/src/pids-file.ts';
import { childPidsOf, proportionalBytesOf, residentBytesOf } from '../../infra/launcher/src/process-info.ts';
import { probeReadiness } from '../../infra/launcher/src/readiness.ts';
import { ALL_READY_PATTERN } from '../../infra/launcher/src/ready-table.ts';
import { SERVICES } from '../../infra/launcher/src/services.ts';

export type ProcessFigures = { name: string; pids: number[]; readyAfterMs: number | undefined; rssBytes: number; pssBytes: number };

export type RunFigures = {
  label: string;
  /** Spawn of the launcher → its "All N services ready" line. */
  allReadyMs: number;
  processes: ProcessFigures[];
  shutdownMs: number;
  exitCode: number | null;
};

const READY_TIMEOUT_MS = 90_000;
const POLL_INTERVAL_MS = 25;
/** Let start-up garbage settle before reading memory. */
const SETTLE_MS = 1_000;

/** One launcher run on `dataDir`: readiness times from spawn, memory per process, shutdown time. */
export async function measureRun(baseEnv: NodeJS.ProcessEnv, dataDir: string): Promise<RunFigures> {
  const label = existsSync(path.join(dataDir, 'postgres', 'PG_VERSION')) ? 'kept data folder' : 'empty data folder';
  const env = await isolatedLauncherEnv(baseEnv, dataDir);
  const launcher = spawnLauncher(env);
  let postgresReadyMs: number | undefined;
  void launcher.waitForOutput(/postgres ready in/, READY_TIMEOUT_MS).then(
    () => (postgresReadyMs = performance.now() - launcher.spawnedAt),
    () => undefined,
  );
  const stopPolling = new AbortController();
  const serviceReady = SERVICES.map((service) =>
    firstReadyAfter(`http://127.0.0.1:${env[service.portVariable]}`, launcher.spawnedAt, stopPolling.signal),
  );
  try {
    await launcher.waitForOutput(ALL_READY_PATTERN, READY_TIMEOUT_MS);
  } catch (error) {
    launcher.child.kill('SIGINT');
    await launcher.exited;
    throw error;
  } finally {
    stopPolling.abort();
  }
  const allReadyMs = performance.now() - launcher.spawnedAt;
  const readyTimes = await Promise.all(serviceReady);
  await sleep(SETTLE_MS);

  const pids = await readPidsFile(dataDir);
  if (pids === undefined) throw new Error(`the launcher wrote no launcher.pids.json in ${dataDir}`);
  const processes: ProcessFigures[] = [
    ...(pids.postgres === null ? [] : [figures('postgres', [pids.postgres.pid, ...childPidsOf(pids.postgres.pid)], postgresReadyMs)]),
    ...SERVICES.map((service, index) => figures(service.name, [pids.services[service.name]?.pid ?? -1], readyTimes[index])),
    figures('launcher', [pids.launcher], undefined),
  ];

  const sigintAt = performance.now();
  launcher.child.kill('SIGINT');
  const { code } = await launcher.exited;
  return { label, allReadyMs, processes, shutdownMs: performance.now() - sigintAt, exitCode: code };
}

function figures(name: string, pids: number[], readyAfterMs: number | undefined): ProcessFigures {
  const sum = (read: (pid: number) => number | undefined) => pids.reduce((total, pid) => total + (read(pid) ?? 0), 0);
  return { name, pids, readyAfterMs, rssBytes: sum(residentBytesOf), pssBytes: sum(proportionalBytesOf) };
}

/** Polls /health/ready; resolves with ms from `since` to the first 200 (undefined if aborted first). */
async function firstReadyAfter(baseUrl: string, since: number, signal: AbortSignal): Promise<number | undefined> {
  while (!signal.aborted) {
    if ((await probeReadiness(baseUrl, 500)).ready) return performance.now() - since;
    await sleep(POLL_INTERVAL_MS);
  }
  // The launcher said all are ready, so a last probe settles services we had not caught yet.
  return (await probeReadiness(baseUrl, 500)).ready ? performance.now() - since : undefined;
}
