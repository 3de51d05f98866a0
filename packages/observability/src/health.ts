import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

export type DependencyCheck = () => Promise<void>;

export type CheckResult = { ok: boolean; latencyMs: number; error?: string };

export type LiveReport = { ok: boolean; eventLoopLagMs: number; heapUsedRatio: number; problems: string[] };

export type ReadyReport = { ok: boolean; checks: Record<string, CheckResult> };

export type HealthOptions = {
  checks: Record<string, DependencyCheck>;
  maxEventLoopLagMs: number;
  maxHeapRatio: number;
  checkTimeoutMs?: number;
};

export type Health = {
  live(): LiveReport;
  ready(): Promise<ReadyReport>;
  dependencies(): string[];
  stop(): void;
};

const SAMPLE_WINDOW_MS = 5_000;

function withTimeout(check: DependencyCheck, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([check(), timeout]).finally(() => clearTimeout(timer));
}

async function runCheck(check: DependencyCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  try {
    await withTimeout(check, timeoutMs);
    return { ok: true, latencyMs: round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message || error.constructor.name : String(error);
    return { ok: false, latencyMs: round(performance.now() - started), error: message };
  }
}

const round = (value: number) => Math.round(value * 100) / 100;

/** Liveness from the process itself (event-loop lag, heap); readiness from real dependency checks. */
export function createHealth({ checks, maxEventLoopLagMs, maxHeapRatio, checkTimeoutMs = 2_000 }: HealthOptions): Health {
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  let lastWindowLagMs = 0;
  const sampler = setInterval(() => {
    lastWindowLagMs = loopDelay.max / 1e6;
    loopDelay.reset();
  }, SAMPLE_WINDOW_MS).unref();

  return {
    live() {
      const eventLoopLagMs = round(Math.max(lastWindowLagMs, loopDelay.max / 1e6));
      const heap = getHeapStatistics();
      const heapUsedRatio = round(heap.used_heap_size / heap.heap_size_limit);
      const problems: string[] = [];
      if (eventLoopLagMs > maxEventLoopLagMs) problems.push(`event loop lag ${eventLoopLagMs} ms > ${maxEventLoopLagMs} ms`);
      if (heapUsedRatio > maxHeapRatio) problems.push(`heap used ${heapUsedRatio} > ${maxHeapRatio}`);
      return { ok: problems.length === 0, eventLoopLagMs, heapUsedRatio, problems };
    },
    async ready() {
      const names = Object.keys(checks);
      const results = await Promise.all(names.map((name) => runCheck(checks[name]!, checkTimeoutMs)));
      const report = Object.fromEntries(names.map((name, index) => [name, results[index]!]));
      return { ok: results.every((result) => result.ok), checks: report };
    },
    dependencies: () => Object.keys(checks),
    stop() {
      clearInterval(sampler);
      loopDelay.disable();
    },
  };
}
