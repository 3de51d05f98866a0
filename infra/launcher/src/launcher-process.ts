import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { freePorts } from './free-ports.ts';
import { REPO_ROOT } from './repo-root.ts';
import { SERVICES } from './services.ts';

/**
 * Runs the real launcher (`start.ts`) as a child process and watches its output: shared by the
 * integration test and the startup bench.
 */
export type LauncherRun = {
  child: ChildProcess;
  /** `performance.now()` when it was spawned. */
  spawnedAt: number;
  /** Everything printed so far (stdout and stderr, colours removed). */
  output(): string;
  /** Resolves with the first match in the output; rejects on timeout or exit. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

const START_SCRIPT = path.join(REPO_ROOT, 'infra', 'launcher', 'src', 'start.ts');

/** DATA_DIR plus a free port for Postgres and every service, so a run never meets another. */
export async function isolatedLauncherEnv(base: NodeJS.ProcessEnv, dataDir: string): Promise<NodeJS.ProcessEnv> {
  const [postgresPort, ...servicePorts] = await freePorts(SERVICES.length + 1);
  const env: NodeJS.ProcessEnv = { ...base, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(postgresPort), DATABASE_URL: '', HOST: '127.0.0.1' };
  SERVICES.forEach((service, index) => {
    env[service.portVariable] = String(servicePorts[index]);
  });
  return env;
}

export function spawnLauncher(env: NodeJS.ProcessEnv, onLine?: (line: string) => void): LauncherRun {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [START_SCRIPT], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const watchers = new Set<() => void>();
  const append = (chunk: Buffer) => {
    const text = stripVTControlCharacters(chunk.toString('utf8'));
    output += text;
    if (onLine !== undefined) for (const line of text.split('\n')) if (line !== '') onLine(line);
    for (const watcher of watchers) watcher();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
      for (const watcher of watchers) watcher();
    });
  });

  const waitForOutput = (pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        watchers.delete(check);
        settle();
      };
      const check = () => {
        const match = pattern.exec(output);
        if (match !== null) finish(() => resolve(match));
        else if (child.exitCode !== null || child.signalCode !== null) {
          finish(() => reject(new Error(`launcher exited (code ${child.exitCode}) before printing ${pattern}\n${output}`)));
        }
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms\n${output}`))), timeoutMs);
      watchers.add(check);
      check();
    });

  return { child, spawnedAt, output: () => output, waitForOutput, exited };
}
