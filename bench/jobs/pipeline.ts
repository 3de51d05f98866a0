import type { EventDelivery } from '@ai-service/outbox';
import { createPool, runtimeRoleFor, withTenant } from '@ai-service/db';
import { drizzle } from 'drizzle-orm/node-postgres';
import { createJobs, type Datastore, type QueueCatalogue } from '@ai-service/jobs';
import { appendEvent, eventHandler, startOutboxRelay } from '@ai-service/outbox';
import { effects, inbox, newTenant, outbox, stateChange, type Fixture } from '@ai-service/outbox/testing';
import { createLogger } from '@ai-service/observability';
import { waitFor } from '@ai-service/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { drive, until, type DriveOptions } from './drive.ts';
import { figures, type Figures } from './figures.ts';

const AGGREGATES = 1_000;

export type Run = { fixture: Fixture; datastore: Datastore; prefix: string | undefined; workerConcurrency: number; drive: DriveOptions };

/** The relay as a service runs it (OUTBOX_RELAY_BATCH_SIZE and OUTBOX_RELAY_POLL_MS at their defaults). */
function relayFor(fixture: Fixture, catalogue: QueueCatalogue, { datastore, prefix }: Pick<Run, 'datastore' | 'prefix'>) {
  const logger = createLogger({ service: 'bench-jobs', level: 'warn' });
  const registry = new Registry();
  const jobs = createJobs({ datastore, ...(prefix ? { prefix } : {}), queues: catalogue, logger, registry });
  const relay = startOutboxRelay({ url: fixture.ownerUrl, outbox, jobs, logger, registry, batchSize: 500, pollMs: 1_000 });
  return { jobs, relay };
}

/** Each event in its own committed transaction, as a service's request would append it with its change. */
function commitEach(fixture: Fixture, tenantId: string, drive_: DriveOptions, onCommitted: (latencyMs: number) => void = () => undefined): Promise<void> {
  const sessions = Array.from({ length: AGGREGATES }, () => randomUUID());
  return drive(drive_, async (index) => {
    const started = Date.now();
    await withTenant(fixture.db, tenantId, (tx) => appendEvent(tx, outbox, stateChange(tenantId, sessions[index % AGGREGATES]!, index)));
    onCommitted(Date.now() - started);
  });
}

/**
 * Our whole path, per event: a transaction that appends it to the outbox (as a service's request
 * would, with its change), the relay publishing it, BullMQ, and a consumer applying it once through
 * the inbox in its own transaction, in aggregate order. Latency: commit start → consumer committed.
 */
export async function ourPipeline({ fixture, datastore, prefix, workerConcurrency, drive: drive_ }: Run): Promise<Figures> {
  const queue = `pipeline-${randomBytes(4).toString('hex')}`;
  const { jobs, relay } = relayFor(fixture, { [queue]: ['StrategyStateChanged'] }, { datastore, prefix });
  const tenantId = newTenant();
  const latencies: number[] = [];
  // The consumer has its own pool, as a worker process would: producers must not starve it.
  const consumerPool = createPool({ url: fixture.databaseUrl, max: workerConcurrency + 2, role: runtimeRoleFor('relay_fixture') });
  const apply = eventHandler<'StrategyStateChanged'>({ db: drizzle(consumerPool), inbox }, async (event, tx) => {
    await tx.insert(effects).values({ consumer: queue, eventId: event.id, tenantId: event.tenantId, aggregateId: event.aggregate.id });
  });
  jobs.handle<EventDelivery>(queue, 'StrategyStateChanged', async (delivery, context) => {
    await apply(delivery, context);
    // Only this run's events count (the outbox is shared by the runs).
    if (delivery.event.tenantId === tenantId) latencies.push(Date.now() - Date.parse(delivery.event.occurredAt));
  });
  jobs.work(queue, { concurrency: workerConcurrency });
  try {
    await jobs.ping();
    const started = performance.now();
    await commitEach(fixture, tenantId, drive_);
    await until(() => latencies.length, drive_.total, 120_000);
    return figures(latencies, (performance.now() - started) / 1000);
  } finally {
    await relay.stop();
    await jobs.close();
    await consumerPool.end();
  }
}

/**
 * The producers' part alone: the same transactions appending to the outbox, with the relay running
 * but no queue subscribed (it only marks the events published). No pipeline built on a
 * transactional outbox can deliver faster than its producers commit. Latency: the commit's.
 */
export async function commitsAlone({ fixture, datastore, prefix, drive: drive_ }: Run): Promise<Figures> {
  const { jobs, relay } = relayFor(fixture, {}, { datastore, prefix });
  const latencies: number[] = [];
  try {
    const started = performance.now();
    await commitEach(fixture, newTenant(), drive_, (latencyMs) => latencies.push(latencyMs));
    const seconds = (performance.now() - started) / 1000;
    // Leave nothing unpublished: the next run's relay would deliver it to that run's queue.
    await waitFor(
      async () => ((await fixture.admin.query('select 1 from relay_fixture.outbox where published_at is null limit 1')).rowCount === 0 ? true : undefined),
      { timeoutMs: 60_000, what: 'the relay to mark every event published' },
    );
    return figures(latencies, seconds);
  } finally {
    await relay.stop();
    await jobs.close();
  }
}
