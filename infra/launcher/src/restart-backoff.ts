/** Restart delays for a crashed child: 1 s, 2 s, 4 s … capped at 30 s; reset once it stays up 60 s. */
export const RESTART_BACKOFF = { firstDelayMs: 1_000, maxDelayMs: 30_000, stableAfterMs: 60_000 } as const;

/** Delay before restarting after the `crashNumber`-th consecutive crash (counting from 1). */
export function restartDelayMs(crashNumber: number): number {
  const doublings = Math.max(0, crashNumber - 1);
  return Math.min(RESTART_BACKOFF.firstDelayMs * 2 ** doublings, RESTART_BACKOFF.maxDelayMs);
}

/** Counts consecutive crashes of one child; a run that lasted long enough starts the count over. */
export class RestartBackoff {
  #consecutiveCrashes = 0;

  /** Records a crash after `uptimeMs` of running and returns how long to wait before restarting. */
  delayAfterCrash(uptimeMs: number): number {
    if (uptimeMs >= RESTART_BACKOFF.stableAfterMs) this.#consecutiveCrashes = 0;
    this.#consecutiveCrashes += 1;
    return restartDelayMs(this.#consecutiveCrashes);
  }

  get consecutiveCrashes(): number {
    return this.#consecutiveCrashes;
  }
}
