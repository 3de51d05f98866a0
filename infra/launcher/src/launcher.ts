import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { LauncherConfig, ServiceName } from '@ai-service/config';
import { ConsoleOutput, type TextSink } from './console-output.ts';
import { markDataDir } from './data-dir-marker.ts';
import { provideDatabase, type Database } from './database.ts';
import { formatElapsed } from './durations.ts';
import { serviceUrls, withoutPassword } from './endpoints.ts';
import { LauncherLog } from './launcher-log.ts';
import { isRunningLauncher, stopLeftoversOf } from './leftovers.ts';
import { localSecrets } from './local-secrets.ts';
import { PidsRecorder, readPidsFile } from './pids-file.ts';
import { ReadinessTimeoutError, waitUntilReady } from './readiness.ts';
import { allReadyLine, renderReadyTable, type ReadyRow } from './ready-table.ts';
import { serviceEnvironment, type SharedSettings } from './service-environment.ts';
import { SERVICES, startupWaves, type ServiceDefinition } from './services.ts';
import { listenForStopSignals } from './stop-signals.ts';
import { stopInReverseOrder } from './stop-sequence.ts';
import { SupervisedService } from './supervised-service.ts';

export type LauncherOptions = {
  config: LauncherConfig;
  /** Repository root: services live in `apps/<name>/src/main.ts`, a relative DATA_DIR starts here. */
  repoRoot: string;
  /** Environment the services inherit (normally the launcher's own). */
  baseEnv: NodeJS.ProcessEnv;
  stdout: TextSink;
  stderr: TextSink;
  color: boolean;
  /** How long each service may take to answer /health/ready 200. Default 60 s. */
  readyTimeoutMs?: number;
};

const READY_TIMEOUT_MS = 60_000;
/** Whatever is left is killed and the launcher exits this long after the stop request. */
const HARD_EXIT_AFTER_MS = 9_500;
/**
 * V8 sizes each process's young generation from machine memory (up to 3 × 16-64 MB
 * semi-spaces), which made every idle service ~240 MB RSS; capped at 2 MB it is ~130 MB with
 * the same start-up time (bench/startup). The services are I/O-bound: extra scavenges cost little.
 */
const SERVICE_NODE_ARGUMENTS = ['--max-semi-space-size=2'];

class StopRequested extends Error {}

/** Milliseconds since the launcher process started (performance.now()'s origin). */
const sinceLaunch = () => performance.now();

/**
 * Runs the whole platform: Postgres, then the services wave by wave (each wave once the previous
 * answers /health/ready), supervises them, and on SIGINT/SIGTERM stops everything in reverse.
 * Resolves with the process exit code.
 */
export async function runLauncher(options: LauncherOptions): Promise<number> {
  return new Launcher(options).run();
}

class Launcher {
  readonly #options: LauncherOptions;
  readonly #config: LauncherConfig;
  readonly #output: ConsoleOutput;
  readonly #log: LauncherLog;
  readonly #dataDir: string;
  readonly #urls: Record<ServiceName, string>;
  readonly #pids: PidsRecorder;
  readonly #services = new Map<ServiceName, SupervisedService>();
  readonly #readyAfterMs = new Map<string, number>();
  readonly #stopRequest = new AbortController();
  #database: Database | undefined;
  #allReady = false;
  /** Set once this launcher owns the data folder (so it never touches another one's pids file). */
  #ownsDataDir = false;

  constructor(options: LauncherOptions) {
    this.#options = options;
    this.#config = options.config;
    this.#output = new ConsoleOutput({
      sources: ['launcher', 'postgres', ...SERVICES.map((service) => service.name)],
      color: options.color,
      stdout: options.stdout,
      stderr: options.stderr,
    });
    this.#log = new LauncherLog(this.#output, this.#config.LOG_LEVEL);
    this.#dataDir = path.resolve(options.repoRoot, this.#config.DATA_DIR);
    this.#urls = serviceUrls(this.#config);
    this.#pids = new PidsRecorder(this.#dataDir, (error) => this.#log.warn(`could not write launcher.pids.json: ${messageOf(error)}`));
  }

  async run(): Promise<number> {
    const stopListening = listenForStopSignals({
      onStop: (signal) => {
        this.#log.info(`${signal} received; stopping all services`);
        this.#stopRequest.abort(new StopRequested(signal));
      },
      onRepeat: (signal) => {
        this.#log.warn(`${signal} received again; killing all services now`);
        this.#killAllNow();
      },
    });
    const killChildrenOnExit = () => this.#killAllNow();
    process.on('exit', killChildrenOnExit);
    try {
      return await this.#startAndSupervise();
    } finally {
      stopListening();
      process.removeListener('exit', killChildrenOnExit);
    }
  }

  async #startAndSupervise(): Promise<number> {
    try {
      this.#assertEntriesExist();
      await this.#claimDataDir();
      this.#database = await this.#startDatabase();
      await this.#recordPids();
      this.#throwIfStopRequested();
      const shared: SharedSettings = {
        databaseUrl: this.#database.url,
        secrets: await localSecrets(this.#config, this.#dataDir, this.#log),
        compileCacheDir: path.join(this.#dataDir, 'compile-cache'),
      };
      for (const wave of startupWaves(SERVICES)) await this.#startWave(wave, shared);
      this.#allReady = true;
      this.#printReadyTable();
      await this.#recordPids();
      await this.#untilStopRequested();
      return await this.#shutdown(0);
    } catch (error) {
      if (error instanceof StopRequested || this.#stopRequest.signal.aborted) return await this.#shutdown(0);
      this.#reportStartupFailure(error);
      return await this.#shutdown(1);
    }
  }

  #assertEntriesExist(): void {
    const missing = SERVICES.map((service) => this.#entryOf(service)).filter((entry) => !existsSync(entry));
    if (missing.length > 0) throw new Error(`service entry point(s) not found: ${missing.join(', ')}`);
  }

  #entryOf(service: ServiceDefinition): string {
    return path.join(this.#options.repoRoot, 'apps', service.name, 'src', 'main.ts');
  }

  /** One launcher per data folder; processes left by a killed launcher are stopped first. */
  async #claimDataDir(): Promise<void> {
    await mkdir(this.#dataDir, { recursive: true });
    await markDataDir(this.#dataDir);
    const previous = await readPidsFile(this.#dataDir);
    if (previous !== undefined && previous.launcher !== process.pid) {
      if (isRunningLauncher(previous.launcher)) {
        throw new Error(`another launcher (pid ${previous.launcher}) is running with ${this.#dataDir}; stop it first`);
      }
      await stopLeftoversOf(previous, this.#dataDir, this.#log);
    }
    this.#ownsDataDir = true;
    await this.#recordPids();
  }

  async #startDatabase(): Promise<Database> {
    const startedAt = performance.now();
    const postgresLog = this.#log.as('postgres', this.#config.LOG_LEVEL);
    const database = await provideDatabase(this.#config, this.#dataDir, this.#log, postgresLog);
    if (database.embedded !== null) {
      this.#readyAfterMs.set('postgres', sinceLaunch());
      this.#log.info(`postgres ready in ${formatElapsed(performance.now() - startedAt)}`, {
        url: withoutPassword(database.url),
        data: path.join(this.#dataDir, 'postgres'),
        postmasterPid: database.embedded.pid,
      });
    }
    return database;
  }

  /** Starts the wave's services together and waits until each answers /health/ready. */
  async #startWave(wave: readonly ServiceDefinition[], shared: SharedSettings): Promise<void> {
    const env = serviceEnvironment(this.#options.baseEnv, this.#config, shared);
    const waveFailed = new AbortController();
    const signal = AbortSignal.any([this.#stopRequest.signal, waveFailed.signal]);
    const startOne = async (definition: ServiceDefinition) => {
      const service = this.#supervise(definition, env);
      service.start();
      const timeoutMs = this.#options.readyTimeoutMs ?? READY_TIMEOUT_MS;
      await waitUntilReady({ service: definition.name, baseUrl: this.#urls[definition.name], timeoutMs, signal });
      this.#readyAfterMs.set(definition.name, sinceLaunch());
      this.#log.info(`${definition.name} is ready`, { url: this.#urls[definition.name], childPid: service.pid, after: formatElapsed(sinceLaunch()) });
    };
    const results = await Promise.allSettled(
      wave.map((definition) =>
        startOne(definition).catch((error: unknown) => {
          waveFailed.abort(); // the others stop waiting too
          throw error;
        }),
      ),
    );
    this.#throwIfStopRequested();
    const reasons = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    if (reasons.length > 0) throw reasons.find((reason) => reason instanceof ReadinessTimeoutError) ?? reasons[0];
  }

  #supervise(definition: ServiceDefinition, env: NodeJS.ProcessEnv): SupervisedService {
    const service = new SupervisedService({
      name: definition.name,
      entry: this.#entryOf(definition),
      nodeArguments: SERVICE_NODE_ARGUMENTS,
      cwd: this.#options.repoRoot,
      env,
      output: this.#output,
      log: this.#log,
      onSpawn: (_service, restart) => {
        void this.#recordPids();
        if (restart && this.#allReady) void this.#reportReadyAgain(definition.name, service);
      },
    });
    this.#services.set(definition.name, service);
    return service;
  }

  /** After a crash restart (once everything was up), says when the service is back. */
  async #reportReadyAgain(name: ServiceName, service: SupervisedService): Promise<void> {
    try {
      await waitUntilReady({ service: name, baseUrl: this.#urls[name], timeoutMs: READY_TIMEOUT_MS, signal: this.#stopRequest.signal });
      this.#log.info(`${name} is ready again`, { childPid: service.pid });
    } catch (error) {
      if (error instanceof ReadinessTimeoutError) this.#log.warn(error.message);
    }
  }

  #printReadyTable(): void {
    const rows: ReadyRow[] = [];
    if (this.#database?.embedded) {
      const { pid } = this.#database.embedded;
      rows.push({ name: 'postgres', url: withoutPassword(this.#database.url), state: 'ready', pid, readyAfterMs: this.#readyAfterMs.get('postgres') });
    }
    for (const { name } of SERVICES) {
      rows.push({ name, url: this.#urls[name], state: 'ready', pid: this.#services.get(name)?.pid, readyAfterMs: this.#readyAfterMs.get(name) });
    }
    const summary = this.#output.paint(['bold', 'green'], allReadyLine(SERVICES.length, sinceLaunch()));
    const gateway = this.#urls['api-gateway'];
    const firstAccount = `No account yet? Create the first one: npm run create-admin -- --url ${gateway} --email you@example.org --tenant "My household"`;
    this.#output.text(`\n${renderReadyTable(rows, this.#output)}\n\n${summary}. API docs: ${gateway}/docs\n${firstAccount}\nCtrl-C stops everything.\n`);
  }

  /** `<DATA_DIR>/launcher.pids.json`, for status, reset, the bench and leftover clean-up. */
  #recordPids(): Promise<void> {
    if (!this.#ownsDataDir) return Promise.resolve();
    const services = Object.fromEntries(
      SERVICES.map(({ name }) => [name, { pid: this.#services.get(name)?.pid ?? null, url: this.#urls[name] }]),
    );
    return this.#pids.record({ postgres: this.#database?.embedded ?? null, services });
  }

  #untilStopRequested(): Promise<void> {
    const { signal } = this.#stopRequest;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }

  #throwIfStopRequested(): void {
    if (this.#stopRequest.signal.aborted) throw new StopRequested();
  }

  #reportStartupFailure(error: unknown): void {
    if (!(error instanceof ReadinessTimeoutError)) {
      this.#log.error(`startup failed: ${messageOf(error)}`);
      return;
    }
    this.#log.error(error.message);
    this.#log.error(`last output of ${error.service}:`);
    this.#services.get(error.service as ServiceName)?.replayRecentOutput();
  }

  /** Services in reverse dependency order, then Postgres; never longer than HARD_EXIT_AFTER_MS. */
  async #shutdown(exitCode: number): Promise<number> {
    const requestedAt = Date.now();
    const hardExit = setTimeout(() => {
      this.#log.error(`shutdown still not finished after ${formatElapsed(HARD_EXIT_AFTER_MS)}; killing everything`);
      this.#killAllNow();
      process.exit(exitCode === 0 ? 1 : exitCode);
    }, HARD_EXIT_AFTER_MS);
    hardExit.unref();
    await stopInReverseOrder(this.#services, requestedAt);
    try {
      await this.#database?.stop();
    } catch (error) {
      this.#log.error(`postgres did not stop cleanly: ${messageOf(error)}`);
      exitCode = exitCode === 0 ? 1 : exitCode;
    }
    if (this.#ownsDataDir) await this.#pids.remove();
    clearTimeout(hardExit);
    this.#log.info(`stopped in ${formatElapsed(Date.now() - requestedAt)}`);
    return exitCode;
  }

  #killAllNow(): void {
    for (const service of this.#services.values()) service.killNow();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
