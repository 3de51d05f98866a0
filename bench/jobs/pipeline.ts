import type { EventDelivery } from '@ai-service/outbox';
import { createPool, runtimeRoleFor, withTenant } from '@ai-service/db';
import { drizzle } from 'drizzle-orm/node-postgres';
import { createJobs, type Datastore } from '@ai-service/jobs';
import { appendEvent, eventHandler, startOutboxRelay } from '@ai-service/outbox';
import { effects, inbox, newTenant, outbox, stateChange, type Fixture } from '@ai-service/outbox/testing';
import { createLogger } from '@ai-service/observability';
import { randomBytes, randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { drive, until, type DriveOptions } from './drive.ts';
import { figures, type Figures } from './figures.ts';

const AGGREGATES = 1_000;

/**
 * Our whole path, per event: a transaction that appends it to the outbox (as a service's request
 * would, with its change), the relay publishing it, BullMQ, and a consumer applying it once through
 * the inbox in its own transaction, in aggregate order. Latency: commit start → consumer committed.
 */
export async function ourPipeline(fixture: Fixture, datastore: Datastore, prefix: string | undefined, workerConcurrency: number, drive_: DriveOptions): Promise<Figures> {
  const queue = `pipeline-${randomBytes(4).toString('hex')}`;
  const logger = createLogger({ service: 'bench-jobs', level: 'warn' });
  const registry = new Registry();
  const jobs = createJobs({ datastore, ...(prefix ? { prefix } : {}), queues: { [queue]: ['StrategyStateChanged'] }, logger, registry });
  const latencies: number[] = [];
  // The consumer has its own pool, as a worker process would: producers must not starve it.
  const consumerPool = createPool({ url: fixture.databaseUrl, max: workerConcurrency + 2, role: runtimeRoleFor('relay_fixture') });
  const apply = eventHandler<'StrategyStateChanged'>({ db: drizzle(consumerPool), inbox }, async (event, tx) => {
    await tx.insert(effects).values({ consumer: queue, eventId: event.id, tenantId: event.tenantId, aggregateId: event.aggregate.id });
  });
  jobs.handle<EventDelivery>(queue, 'StrategyStateChanged', async (delivery, context) => {
    await apply(delivery, context);
    latencies.push(Date.now() - Date.parse(delivery.event.occurredAt));
  });
  jobs.work(queue, { concurrency: workerConcurrency });
  const relay = startOutboxRelay({ url: fixture.ownerUrl, outbox, jobs, logger, registry, batchSize: 500, pollMs: 1_000 });
  const tenantId = newTenant();
  const sessions = Array.from({ length: AGGREGATES }, () => randomUUID());
  try {
    await jobs.ping();
    const started = performance.now();
    await drive(drive_, async (index) => {
      await withTenant(fixture.db, tenantId, (tx) => appendEvent(tx, outbox, stateChange(tenantId, sessions[index % AGGREGATES]!, index)));
    });
    await until(() => latencies.length, drive_.total, 120_000);
    return figures(latencies, (performance.now() - started) / 1000);
  } finally {
    await relay.stop();
    await jobs.close();
    await consumerPool.end();
  }
}
