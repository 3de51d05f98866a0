import { withTenant, type Database, type Transaction } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { AsyncResource } from 'node:async_hooks';
import { isOutboxError } from './errors.ts';
import { consumeOnce, type InboxMessage } from './inbox.ts';
import type { InboxTable } from './tables.ts';

/** `pending`: the message's predecessor is not processed yet, so it was neither applied nor recorded. */
export type BatchOutcome = 'applied' | 'duplicate' | 'pending';

export type ConsumeInBatch = (message: InboxMessage, effect: (tx: Transaction) => Promise<unknown>) => Promise<BatchOutcome>;

type Entry = {
  message: InboxMessage;
  effect: (tx: Transaction) => Promise<unknown>;
  /** The submitting job's async context: its effect runs in it, so its log lines keep its own trace. */
  scope: AsyncResource;
  resolve: (outcome: BatchOutcome) => void;
  reject: (error: unknown) => void;
};

/** Tells which effect of a shared transaction threw. */
class EffectFailed extends Error {
  readonly index: number;

  constructor(index: number, cause: unknown) {
    super('effect failed', { cause });
    this.index = index;
  }
}

/** Messages per shared transaction. */
const MAX_BATCH = 64;
/**
 * Transactions under way at once per inbox. A second one starts only for MIN_PARALLEL messages or
 * more: smaller batches would cost more round trips per message than waiting does.
 */
const MAX_TRANSACTIONS = 4;
const MIN_PARALLEL = 4;

const batchers = new WeakMap<InboxTable, WeakMap<Database, ConsumeInBatch>>();

/**
 * Group commit for an inbox: what `consumeOnce` does for one message, for all the messages that
 * arrive while the previous transaction is being committed. Per consumer and tenant, one statement
 * records them and checks their predecessors, their effects run in arrival order, and one commit
 * ends it: about two round trips per message instead of five when the worker is busy, the same
 * five when it is not (a batch of one). A predecessor applied earlier in the same transaction
 * counts as processed. If an effect throws, the transaction rolls back, that message fails (its
 * effect is not run again) and the others are applied one by one, each in a transaction of its own.
 *
 * A few transactions at a time per (database, inbox) in the process; a message whose predecessor is
 * in one of them waits for its outcome instead of being put back. A slow effect holds up the
 * messages of its transaction and soon the whole worker: effects do database work in `tx` and
 * nothing slow (a network call belongs in a job of its own).
 */
export function inboxBatcher(db: Database, inbox: InboxTable): ConsumeInBatch {
  let byDatabase = batchers.get(inbox);
  if (!byDatabase) batchers.set(inbox, (byDatabase = new WeakMap()));
  const existing = byDatabase.get(db);
  if (existing) return existing;

  let queued: Entry[] = [];
  /** Messages in transactions under way: one that follows any of them waits for that outcome. */
  const inFlight = new Set<string>();
  let running = 0;
  // Batches run in the context the batcher was made in (at registration), not in the context of
  // whichever job happened to start one: the shared statements belong to no single job's trace.
  const batcherScope = new AsyncResource('inbox-batcher');

  /** Starts transactions while fewer than MAX_TRANSACTIONS are under way and messages can go. */
  function pump(): void {
    while (running < MAX_TRANSACTIONS && queued.length > 0) {
      const blocked = new Set(inFlight);
      const batch: Entry[] = [];
      const held: Entry[] = [];
      for (const entry of queued) {
        const { messageId, after } = entry.message;
        if (batch.length < MAX_BATCH && (after == null || !blocked.has(after))) batch.push(entry);
        else {
          held.push(entry);
          blocked.add(messageId);
        }
      }
      if (batch.length === 0 || (running > 0 && batch.length < MIN_PARALLEL)) return;
      queued = held;
      running += 1;
      for (const { message } of batch) inFlight.add(message.messageId);
      void (async () => {
        for (const group of groupsOf(batch)) await flush(group);
      })().finally(() => {
        running -= 1;
        for (const { message } of batch) inFlight.delete(message.messageId);
        pump();
      });
    }
  }

  async function flush(group: Entry[]): Promise<void> {
    try {
      const outcomes = await applyTogether(group);
      group.forEach((entry, index) => entry.resolve(outcomes[index] ?? 'pending'));
    } catch (error) {
      // A failed effect fails its own message; a failure elsewhere (the commit, the connection)
      // cannot be pinned on one message, so all are tried again alone (a lone one just fails).
      const failed = error instanceof EffectFailed ? error.index : group.length === 1 ? 0 : -1;
      group[failed]?.reject(error instanceof EffectFailed ? error.cause : error);
      for (const [index, entry] of group.entries()) if (index !== failed) await applyAlone(entry);
    }
  }

  async function applyTogether(group: Entry[]): Promise<BatchOutcome[]> {
    const { consumer, tenantId } = group[0]!.message;
    const firsts = new Map<string, InboxMessage>();
    for (const { message } of group) if (!firsts.has(message.messageId)) firsts.set(message.messageId, message);
    const messages = [...firsts.values()];
    return withTenant(db, tenantId, async (tx) => {
      // Sorted inserts: two workers recording overlapping batches lock the same keys in the same order.
      const { rows } = await tx.execute<{ id: string; recorded: boolean; ready: boolean }>(sql`
        with batch as (
          select * from unnest(${sql.param(messages.map((message) => message.messageId))}::text[],
                               ${sql.param(messages.map((message) => message.after ?? null))}::text[]) as m(id, after)),
        recorded as (
          insert into ${inbox} (consumer, message_id, tenant_id)
          select ${consumer}, id, ${tenantId} from batch order by id
          on conflict do nothing returning message_id)
        select b.id, exists(select 1 from recorded r where r.message_id = b.id) as recorded,
               b.after is null or exists(select 1 from ${inbox} i where i.consumer = ${consumer} and i.message_id = b.after) as ready
          from batch b`);
      const byId = new Map(rows.map((row) => [row.id, row]));
      const outcomeOf = new Map<string, BatchOutcome>();
      for (const { messageId, after } of messages) {
        const row = byId.get(messageId);
        if (!row?.recorded) outcomeOf.set(messageId, 'duplicate');
        else if (row.ready || (after != null && outcomeOf.get(after) === 'applied')) outcomeOf.set(messageId, 'applied');
        else outcomeOf.set(messageId, 'pending');
      }
      const pending = messages.filter(({ messageId }) => outcomeOf.get(messageId) === 'pending').map(({ messageId }) => messageId);
      // Their predecessors come later: recorded by the statement above, but not processed.
      if (pending.length > 0) await tx.execute(sql`delete from ${inbox} where consumer = ${consumer} and message_id = any(${sql.param(pending)}::text[])`);
      const seen = new Set<string>();
      const outcomes = group.map(({ message }): BatchOutcome => {
        const outcome = outcomeOf.get(message.messageId) ?? 'pending';
        if (!seen.has(message.messageId)) {
          seen.add(message.messageId);
          return outcome;
        }
        return outcome === 'applied' ? 'duplicate' : outcome; // the same message twice in one batch
      });
      for (const [index, entry] of group.entries()) {
        if (outcomes[index] !== 'applied') continue;
        try {
          await entry.scope.runInAsyncScope(() => entry.effect(tx));
        } catch (error) {
          throw new EffectFailed(index, error);
        }
      }
      return outcomes;
    });
  }

  async function applyAlone(entry: Entry): Promise<void> {
    try {
      const result = await consumeOnce(db, inbox, entry.message, (tx) => entry.scope.runInAsyncScope(() => entry.effect(tx)));
      entry.resolve(result.status);
    } catch (error) {
      if (isOutboxError(error, 'predecessor_pending')) entry.resolve('pending');
      else entry.reject(error);
    }
  }

  const consume: ConsumeInBatch = (message, effect) =>
    new Promise<BatchOutcome>((resolve, reject) => {
      queued.push({ message, effect, scope: new AsyncResource('inbox-batch'), resolve, reject });
      batcherScope.runInAsyncScope(pump);
    });
  byDatabase.set(db, consume);
  return consume;
}

/** The entries of each consumer and tenant (a transaction each), in arrival order within each. */
function groupsOf(batch: Entry[]): Entry[][] {
  const groups = new Map<string, Entry[]>();
  for (const entry of batch) {
    const key = `${entry.message.consumer}\u0000${entry.message.tenantId}`;
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  return [...groups.values()];
}
