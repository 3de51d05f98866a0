import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { ConsoleOutput, StreamName } from './console-output.ts';
import { formatElapsed, settlesWithin } from './durations.ts';
import type { LauncherLog } from './launcher-log.ts';
import { RecentLines } from './recent-lines.ts';
import { RestartBackoff } from './restart-backoff.ts';

export type ServiceState = 'idle' | 'running' | 'waiting-to-restart' | 'stopping' | 'stopped';

export type SupervisedServiceOptions = {
  name: string;
  /** Script run with the launcher's own Node binary. */
  entry: string;
  /** Node options placed before the script. */
  nodeArguments?: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  output: ConsoleOutput;
  log: LauncherLog;
  /** Called after every spawn; `restart` is false for the first one. */
  onSpawn?: (service: SupervisedService, restart: boolean) => void;
};

type OutputLine = { line: string; stream: StreamName };

const EXIT_AFTER_KILL_MS = 1_000;

/**
 * One service process: spawns it, forwards its output, restarts it with exponential backoff
 * when it dies on its own, and stops it (SIGTERM, then SIGKILL at a deadline) when asked.
 */
export class SupervisedService {
  readonly name: string;
  readonly #options: SupervisedServiceOptions;
  readonly #backoff = new RestartBackoff();
  readonly #recent = new RecentLines<OutputLine>(30);
  #state: ServiceState = 'idle';
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #startedAt = 0;
  #restartTimer: NodeJS.Timeout | undefined;

  constructor(options: SupervisedServiceOptions) {
    this.name = options.name;
    this.#options = options;
  }

  get state(): ServiceState {
    return this.#state;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  start(): void {
    if (this.#state !== 'idle') throw new Error(`${this.name} was already started`);
    this.#spawn(false);
  }

  /** SIGTERM now; SIGKILL if still running at `killAt` (epoch ms). No restart afterwards. */
  async stop(killAt: number): Promise<void> {
    clearTimeout(this.#restartTimer);
    const child = this.#child;
    this.#state = 'stopping';
    if (child !== undefined) {
      child.kill('SIGTERM');
      if (!(await settlesWithin(this.#exited, killAt - Date.now()))) {
        this.#options.log.warn(`${this.name} still running after SIGTERM; sending SIGKILL`, { childPid: child.pid });
        this.killNow();
        await settlesWithin(this.#exited, EXIT_AFTER_KILL_MS);
      }
    }
    this.#state = 'stopped';
  }

  /** SIGKILL to the child's whole process group, synchronously (usable in an `exit` handler). No restart. */
  killNow(): void {
    clearTimeout(this.#restartTimer);
    if (this.#state !== 'idle' && this.#state !== 'stopped') this.#state = 'stopping';
    const pid = this.#child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      this.#child?.kill('SIGKILL');
    }
  }

  /** The last lines the service printed, formatted again, e.g. after a failed start. */
  replayRecentOutput(): void {
    for (const { line, stream } of this.#recent.toArray()) this.#options.output.childLine(this.name, line, stream);
  }

  #spawn(restart: boolean): void {
    const { entry, cwd, env, nodeArguments = [] } = this.#options;
    // Own process group: a terminal Ctrl-C reaches only the launcher, which stops services in order.
    const child = spawn(process.execPath, [...nodeArguments, entry], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.#child = child;
    this.#state = 'running';
    this.#startedAt = Date.now();
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#onExit(child, signal === null ? `exit code ${code ?? '?'}` : `killed by ${signal}`);
        resolve();
      });
      child.once('error', (error) => {
        // 'error' without 'exit' means the process never started.
        if (child.pid === undefined) {
          this.#onExit(child, `spawn failed: ${error.message}`);
          resolve();
        }
      });
    });
    this.#forwardLines(child.stdout, 'stdout');
    this.#forwardLines(child.stderr, 'stderr');
    if (child.pid !== undefined) this.#options.onSpawn?.(this, restart);
  }

  #forwardLines(stream: Readable | null, name: StreamName): void {
    if (stream === null) return;
    createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
      this.#recent.push({ line, stream: name });
      this.#options.output.childLine(this.name, line, name);
    });
  }

  #onExit(child: ChildProcess, reason: string): void {
    if (this.#child !== child) return;
    this.#child = undefined;
    if (this.#state === 'stopping' || this.#state === 'stopped') {
      this.#options.log.debug(`${this.name} stopped`, { reason });
      return;
    }
    const uptimeMs = Date.now() - this.#startedAt;
    const delayMs = this.#backoff.delayAfterCrash(uptimeMs);
    this.#options.log.warn(`${this.name} exited unexpectedly (${reason}) after ${formatElapsed(uptimeMs)}; restarting in ${formatElapsed(delayMs)}`, {
      consecutiveCrashes: this.#backoff.consecutiveCrashes,
    });
    this.#state = 'waiting-to-restart';
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined;
      if (this.#state === 'waiting-to-restart') this.#spawn(true);
    }, delayMs);
  }
}
