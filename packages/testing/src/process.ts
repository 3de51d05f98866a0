import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait.ts';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export type RunningProcess = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop: (signal?: NodeJS.Signals) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/** Runs a TypeScript entry point (relative to the repo root) on this Node, capturing its output. */
export function runScript(entry: string, env: Record<string, string>, args: string[] = []): RunningProcess {
  const child = spawn(process.execPath, [entry, ...args], { cwd: repoRoot, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  return {
    child,
    output: () => output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Starts `apps/<service>/src/main.ts` and waits until its `/health/ready` answers 200. */
export async function startServiceProcess(service: string, port: number, env: Record<string, string>): Promise<RunningProcess & { url: string }> {
  const running = runScript(`apps/${service}/src/main.ts`, { LOG_LEVEL: 'info', ...env });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (running.child.exitCode !== null) throw new Error(`${service} exited: ${running.output()}`);
        const response = await fetch(`${url}/health/ready`);
        return response.status === 200 ? true : undefined;
      },
      { timeoutMs: 20_000, what: `${service} ready` },
    );
  } catch (error) {
    await running.stop('SIGKILL');
    throw new Error(`${String(error)}\n${running.output()}`);
  }
  return { ...running, url };
}
