import type pg from 'pg';

/**
 * While events come fast the relay polls on its own and producers need not wake it: a NOTIFY costs
 * every committing transaction a database-wide lock (Postgres serializes notifying commits), which
 * cut the commit rate of 16 producers by a fifth to a half in our measurements. So the relay holds this advisory
 * lock while it polls on its own ("hot"), and `appendEvent` notifies only when it can take the lock
 * in shared mode, i.e. when the relay is waiting for a notification.
 */
export const hotLockKey = (schema: string) => `ai-service:outbox-relay-hot:${schema}`;

export type RelayPaceOptions = {
  /** The fallback poll interval while idle (notifications wake the relay sooner). */
  pollMs: number;
  /** Poll interval while hot. */
  hotPollMs: number;
  /** Events found by one batch that make an idle relay hot: commits come faster than it publishes. */
  heatAt: number;
  /** Hot, the relay counts events per window of this length… */
  windowMs: number;
  /** …and goes back to waiting for notifications after a window with fewer: polling would cost more than they do. */
  minEventsPerWindow: number;
};

type State =
  | { kind: 'cold' }
  | { kind: 'hot'; windowStart: number; windowEvents: number }
  /**
   * Lock released; producers notify again. Transactions that appended while it was held and did not
   * notify may still commit: the relay keeps polling until every transaction older than the release
   * has ended, for at most `pollMs`. `horizon` is a transaction id taken just after the release:
   * such a transaction got its id before (appendEvent writes its row, then tests the lock), so it is
   * older, and the oldest running transaction being younger than `horizon` means all have ended.
   */
  | { kind: 'cooling'; since: number; horizon: string };

/** Decides how long the relay sleeps after each batch, and takes or releases the hot lock accordingly. */
export function relayPace(connection: pg.Client, schema: string, options: RelayPaceOptions) {
  const { pollMs, hotPollMs, heatAt, windowMs, minEventsPerWindow } = options;
  const key = hotLockKey(schema);
  let state: State = { kind: 'cold' };

  /** False when a producer was testing the lock at that very moment: it notifies, and a later batch tries again. */
  async function heatUp(now: number): Promise<boolean> {
    const { rows } = await connection.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [key]);
    if (rows[0]?.locked) state = { kind: 'hot', windowStart: now, windowEvents: 0 };
    return state.kind === 'hot';
  }

  return {
    /**
     * A new leader starts cooling: a previous session (crashed, or another process) may have been
     * hot, so transactions that appended without notifying may still commit.
     */
    async begin(): Promise<void> {
      const { rows } = await connection.query<{ horizon: string }>('select pg_current_xact_id()::text as horizon');
      state = { kind: 'cooling', since: Date.now(), horizon: rows[0]?.horizon ?? '0' };
    },
    /** After a batch that published `published` events: how long to wait before the next one. */
    async nextWait(published: number): Promise<number> {
      const now = Date.now();
      switch (state.kind) {
        case 'cold':
          return published >= heatAt && (await heatUp(now)) ? hotPollMs : pollMs;
        case 'hot': {
          state.windowEvents += published;
          if (now - state.windowStart < windowMs) return hotPollMs;
          if (state.windowEvents >= minEventsPerWindow) {
            state = { kind: 'hot', windowStart: now, windowEvents: 0 };
            return hotPollMs;
          }
          // CASE: the release first, then the id (a select list has no evaluation order).
          const { rows } = await connection.query<{ horizon: string }>(
            'select case when pg_advisory_unlock(hashtext($1)) then pg_current_xact_id()::text end as horizon',
            [key],
          );
          state = { kind: 'cooling', since: now, horizon: rows[0]?.horizon ?? '0' };
          return hotPollMs;
        }
        case 'cooling': {
          if (published >= heatAt && (await heatUp(now))) return hotPollMs;
          const { rows } = await connection.query<{ settled: boolean }>('select pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8 as settled', [state.horizon]);
          if (!rows[0]?.settled && now - state.since < pollMs) return hotPollMs;
          // One more batch before the long wait: the last of those transactions may have committed
          // after this batch read the outbox and before the check above saw it end.
          state = { kind: 'cold' };
          return hotPollMs;
        }
      }
    },
  };
}
