import { get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export type ReadinessProbe = { ready: boolean; detail: string };

export class ReadinessTimeoutError extends Error {
  readonly service: string;
  readonly lastProbe: string;

  constructor(service: string, timeoutMs: number, lastProbe: string) {
    super(`${service} did not become ready within ${timeoutMs < 1_000 ? `${timeoutMs}ms` : `${timeoutMs / 1_000}s`} (last check: ${lastProbe})`);
    this.name = 'ReadinessTimeoutError';
    this.service = service;
    this.lastProbe = lastProbe;
  }
}

/**
 * One GET of `<baseUrl>/health/ready`; ready means HTTP 200. Never throws. Uses node:http with a
 * fresh connection (no keep-alive) rather than fetch: lighter for the launcher, nothing lingers.
 */
export function probeReadiness(baseUrl: string, timeoutMs = 1_000): Promise<ReadinessProbe> {
  const url = `${baseUrl}/health/ready`;
  return new Promise((resolve) => {
    const request = get(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve({ ready: response.statusCode === 200, detail: `GET ${url} answered ${response.statusCode ?? '?'}` });
    });
    request.once('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.once('error', (error: NodeJS.ErrnoException) => resolve({ ready: false, detail: `GET ${url} failed: ${error.code ?? error.message}` }));
  });
}

export type WaitOptions = {
  service: string;
  baseUrl: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Aborting stops the wait early (rejects with the abort reason). */
  signal?: AbortSignal;
};

/** Polls readiness until 200; rejects with ReadinessTimeoutError naming the service. */
export async function waitUntilReady(options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    options.signal?.throwIfAborted();
    const probe = await probeReadiness(options.baseUrl);
    if (probe.ready) return;
    last = probe.detail;
    const intervalMs = options.intervalMs ?? 100;
    if (Date.now() + intervalMs > deadline) throw new ReadinessTimeoutError(options.service, options.timeoutMs, last);
    try {
      await sleep(intervalMs, undefined, options.signal === undefined ? {} : { signal: options.signal });
    } catch (error) {
      options.signal?.throwIfAborted(); // reject with the abort reason itself
      throw error;
    }
  }
}
