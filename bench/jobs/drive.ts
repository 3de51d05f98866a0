import { setTimeout as sleep } from 'node:timers/promises';

export type DriveOptions = { total: number; concurrency: number; /** Unset: as fast as the concurrency allows. */ ratePerSecond?: number };

/** Calls `send(i)` `total` times, at most `concurrency` at once, optionally paced to a fixed rate. */
export async function drive({ total, concurrency, ratePerSecond }: DriveOptions, send: (index: number) => Promise<void>): Promise<void> {
  const start = performance.now();
  let inFlight = 0;
  let failure: unknown;
  const slots: Array<() => void> = [];
  const settled = () => {
    inFlight -= 1;
    slots.shift()?.();
  };
  for (let index = 0; index < total && failure === undefined; index++) {
    if (ratePerSecond) {
      const wait = start + (index * 1000) / ratePerSecond - performance.now();
      if (wait > 4) await sleep(wait); // send in small bursts rather than one timer per event
    }
    while (inFlight >= concurrency) await new Promise<void>((resolve) => slots.push(resolve));
    inFlight += 1;
    send(index)
      .catch((error: unknown) => (failure ??= error))
      .finally(settled);
  }
  while (inFlight > 0) await new Promise<void>((resolve) => slots.push(resolve));
  if (failure !== undefined) throw failure;
}

/** Resolves once `count()` reaches `total`; rejects after `timeoutMs`. */
export async function until(count: () => number, total: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (count() < total) {
    if (Date.now() > deadline) throw new Error(`only ${count()} of ${total} consumed after ${timeoutMs} ms`);
    await sleep(5);
  }
}
