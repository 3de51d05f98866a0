import { freePort, repoRoot, waitFor } from '@ai-service/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export type BenchProcess = { name: string; url: string; logFile: string; stop: () => Promise<void> };

/**
 * Runs a child with its output going to a log file in the bench folder, not through this process:
 * the load generator shares the machine, and piping every log line back to it would skew the figures.
 */
export function spawnLogged(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, workDir: string): { child: ChildProcess; logFile: string } {
  const logFile = join(workDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return { child, logFile };
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

/** A service's `main.ts` on a free port, waited for until `readyPath` answers 200. */
export async function startNodeService(
  name: string,
  entry: string,
  env: Record<string, string>,
  portVariable: string,
  workDir: string,
  readyPath = '/health/ready',
): Promise<BenchProcess> {
  const port = await freePort();
  const { child, logFile } = spawnLogged(name, process.execPath, [entry], { PATH: process.env['PATH'] ?? '', ...env, [portVariable]: String(port) }, workDir);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}; see ${logFile}`);
      return (await fetch(`${url}${readyPath}`)).status === 200 ? true : undefined;
    },
    { timeoutMs: 30_000, what: `${name} ready` },
  );
  return { name, url, logFile, stop: () => stopChild(child) };
}
