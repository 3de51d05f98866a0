import type { EventEnvelope } from '@ai-service/contracts/events';
import type { Jobs, TraceCarrier } from '@ai-service/jobs';
import type { Logger } from '@ai-service/observability';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Registry } from 'prom-client';
import type { EventDelivery } from './delivery.ts';
import { outboxChannel, qualifiedName } from './notify.ts';
import { registerBacklogSource } from './relay-metrics.ts';
import { relayPace } from './relay-pace.ts';
import type { OutboxTable } from './tables.ts';

export type RelayOptions = {
  /**
   * The owner connection (DATABASE_URL's user), not the runtime role: the relay is the one reader
   * of every tenant's events, through the outbox's `outbox_relay` policy.
   */
  url: string;
  outbox: OutboxTable;
  /** Publishes to the queues; each event goes to every queue whose catalogue declares its type. */
  jobs: Jobs;
  logger: Logger;
  registry: Registry;
  batchSize: number;
  /** Polling interval while idle; commits that append events wake an idle relay at once (NOTIFY). */
  pollMs: number;
  /** Wait before reconnecting after a lost connection. */
  retryMs?: number;
};

export type OutboxRelay = { stop: () => Promise<void> };

type OutboxRow = {
  id: string;
  position: string;
  type: string;
  version: number;
  tenant_id: string;
  aggregate_type: string;
  aggregate_id: string;
  occurred_at: Date;
  trace_id: string | null;
  trace_parent: string | null;
  payload: EventEnvelope['payload'];
};

const UNDEFINED_TABLE = '42P01';
/**
 * When one batch finds HEAT_AT events or more, the relay polls every HOT_POLL_MS on its own
 * (producers then skip NOTIFY), until a second brings fewer than HOT_MIN_PER_SECOND: below that
 * rate, polling costs more than the notifications it saves. See relay-pace.ts.
 */
const HEAT_AT = 3;
const HOT_POLL_MS = 10;
const HOT_MIN_PER_SECOND = 100;

const deliveryKey = (queue: string, row: Pick<OutboxRow, 'tenant_id' | 'aggregate_type' | 'aggregate_id'>) =>
  `${queue}\u0000${row.tenant_id}/${row.aggregate_type}/${row.aggregate_id}`;

function envelopeOf(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    occurredAt: row.occurred_at.toISOString(),
    tenantId: row.tenant_id,
    traceId: row.trace_id,
    aggregate: { type: row.aggregate_type, id: row.aggregate_id },
    payload: row.payload,
  } as EventEnvelope;
}

/**
 * Publishes committed outbox events to their subscriber queues, oldest first, then marks them
 * published. One relay per schema is active at a time (a session advisory lock; the others wait
 * for it), which is what keeps each aggregate's events in order. A crash after publishing and
 * before marking republishes the same events on restart: the event id is the job id, and consumers
 * keep an inbox, so the second delivery has no effect. At least once, never lost. Woken by the
 * commits' notifications while idle; while events keep coming it polls on its own and producers do
 * not notify (relay-pace.ts).
 */
export function startOutboxRelay(options: RelayOptions): OutboxRelay {
  const { url, outbox, jobs, logger, batchSize, pollMs, retryMs = 1_000 } = options;
  const schema = getTableConfig(outbox).schema ?? 'public';
  const table = qualifiedName(outbox);
  const channel = outboxChannel(outbox);
  const log = logger.child({ component: 'outbox-relay', schema });
  const subscribers = new Map<string, string[]>();
  const subscribersOf = (type: string) => {
    let queues = subscribers.get(type);
    if (!queues) subscribers.set(type, (queues = jobs.queuesDeclaring(type)));
    return queues;
  };

  let stopping = false;
  let signalled = false;
  let wake: (() => void) | undefined;
  const stopController = new AbortController();

  /** Sleeps until a commit notifies, the poll interval passes, or the relay stops. */
  async function idle(ms: number): Promise<void> {
    if (signalled || stopping) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wake = undefined;
  }

  /**
   * The previous event of each aggregate delivered to each queue, for the aggregates of this batch
   * and the queues they go to (one round trip for every queue), keyed by queue and aggregate.
   */
  async function previousDeliveries(connection: pg.Client, byQueue: Map<string, OutboxRow[]>): Promise<Map<string, string>> {
    const wanted = new Map<string, { queue: string; row: OutboxRow }>();
    for (const [queue, rows] of byQueue) for (const row of rows) wanted.set(deliveryKey(queue, row), { queue, row });
    const pairs = [...wanted.values()];
    const result = await connection.query<{ queue: string; tenant_id: string; aggregate_type: string; aggregate_id: string; id: string }>(
      `select a.q as queue, a.t as tenant_id, a.at as aggregate_type, a.ai as aggregate_id, p.id
         from unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) as a(t, at, ai, q)
         cross join lateral (
           select o.id from ${table} o
            where o.tenant_id = a.t and o.aggregate_type = a.at and o.aggregate_id = a.ai
              and o.published_at is not null and o.delivered_to @> array[a.q]
            order by o.position desc limit 1) p`,
      [pairs.map(({ row }) => row.tenant_id), pairs.map(({ row }) => row.aggregate_type), pairs.map(({ row }) => row.aggregate_id), pairs.map(({ queue }) => queue)],
    );
    return new Map(result.rows.map((row) => [deliveryKey(row.queue, row), row.id]));
  }

  /** The batch's events as jobs of `queue`, each naming the aggregate's event before it there. */
  function deliveriesTo(queue: string, rows: OutboxRow[], previous: Map<string, string>) {
    return rows.map((row) => {
      const key = deliveryKey(queue, row);
      const data: EventDelivery = { event: envelopeOf(row), after: previous.get(key) ?? null };
      previous.set(key, row.id);
      // The request's trace, not the relay's: an event appended outside any trace starts none.
      const trace: TraceCarrier = row.trace_parent ? { traceparent: row.trace_parent } : {};
      // Completed deliveries are not kept: the consumer's inbox is what recognises a redelivery.
      return { name: row.type, data, options: { jobId: row.id, trace, removeOnComplete: true } };
    });
  }

  /** One batch: read the oldest unpublished events, publish them per subscriber queue, mark them. */
  async function publishBatch(connection: pg.Client): Promise<number> {
    const { rows } = await connection.query<OutboxRow>(
      `select id, position, type, version, tenant_id, aggregate_type, aggregate_id, occurred_at, trace_id, trace_parent, payload
         from ${table} where published_at is null order by position limit $1`,
      [batchSize],
    );
    if (rows.length === 0) return 0;
    const byQueue = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      for (const queue of subscribersOf(row.type)) {
        const queueRows = byQueue.get(queue) ?? [];
        queueRows.push(row);
        byQueue.set(queue, queueRows);
      }
    }
    if (byQueue.size > 0) {
      const previous = await previousDeliveries(connection, byQueue);
      // Every queue's jobs at once (one datastore round trip): the order that matters is each queue's own.
      await Promise.all([...byQueue].map(([queue, queueRows]) => jobs.enqueueMany(queue, deliveriesTo(queue, queueRows, previous))));
    }
    await connection.query(
      `update ${table} o set published_at = now(), delivered_to = string_to_array(d.queues, ',')
         from unnest($1::uuid[], $2::text[]) as d(id, queues) where o.id = d.id`,
      [rows.map((row) => row.id), rows.map((row) => subscribersOf(row.type).join(','))],
    );
    log.debug({ events: rows.length, queues: [...byQueue.keys()] }, 'outbox events published');
    return rows.length;
  }

  async function becomeLeader(connection: pg.Client): Promise<boolean> {
    while (!stopping) {
      const { rows } = await connection.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [`ai-service:outbox-relay:${schema}`]);
      if (rows[0]?.locked) return true;
      await sleep(pollMs, undefined, { signal: stopController.signal }).catch(() => undefined);
    }
    return false;
  }

  async function session(): Promise<void> {
    const connection = new pg.Client({ connectionString: url, application_name: `outbox-relay:${schema}`, connectionTimeoutMillis: 5_000 });
    // A dropped connection surfaces as a failed query in the loop below; this keeps it from crashing the process.
    connection.on('error', (error) => log.warn({ err: error }, 'relay connection lost'));
    connection.on('notification', () => {
      signalled = true;
      wake?.();
    });
    try {
      await connection.connect();
      await connection.query(`listen "${channel}"`);
      if (!(await becomeLeader(connection))) return;
      log.info('outbox relay active');
      const pace = relayPace(connection, schema, {
        pollMs,
        hotPollMs: Math.min(HOT_POLL_MS, pollMs),
        heatAt: HEAT_AT,
        windowMs: 1_000,
        minEventsPerWindow: HOT_MIN_PER_SECOND,
      });
      await pace.begin();
      while (!stopping) {
        signalled = false;
        const published = await publishBatch(connection);
        const wait = await pace.nextWait(published);
        if (published < batchSize) await idle(wait);
      }
    } finally {
      // Ending the session releases the advisory locks: a standby relay takes over.
      await connection.end().catch(() => undefined);
    }
  }

  const running = (async () => {
    while (!stopping) {
      try {
        await session();
      } catch (error) {
        if (stopping) break;
        // At boot the relay may start before the service has migrated its schema.
        if ((error as { code?: string }).code === UNDEFINED_TABLE) log.info('outbox table not there yet (migrations pending); retrying');
        else log.warn({ err: error }, 'outbox relay failed; reconnecting');
        await sleep(retryMs, undefined, { signal: stopController.signal }).catch(() => undefined);
      }
    }
  })();

  // Scrapes get their own connection: the relay's session may be busy in a long publish.
  const metricsPool = new pg.Pool({ connectionString: url, max: 1, application_name: `outbox-metrics:${schema}`, connectionTimeoutMillis: 5_000 });
  metricsPool.on('error', () => undefined);
  const unregister = registerBacklogSource(options.registry, async () => {
    const { rows } = await metricsPool.query<{ pending: number; lag: number }>(
      `select count(*)::int as pending, coalesce(extract(epoch from now() - min(appended_at)), 0)::float8 as lag
         from ${table} where published_at is null`,
    );
    return { schema, pending: rows[0]?.pending ?? 0, lagSeconds: rows[0]?.lag ?? 0 };
  });

  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        unregister();
        stopController.abort();
        wake?.();
        await running;
        await metricsPool.end();
      })()),
  };
}
