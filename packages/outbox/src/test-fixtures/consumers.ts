import type { Database } from '@ai-service/db';
import { createJobs, type CreateJobsOptions, type Jobs } from '@ai-service/jobs';
import type { TestDatastore } from '@ai-service/jobs/testing';
import { createLogger, type Logger } from '@ai-service/observability';
import { Registry } from 'prom-client';
import { eventHandler } from '../event-handler.ts';
import { effects, inbox } from './schema.ts';

/** Jobs on a test datastore for the given subscriber queues (each declares StrategyStateChanged). */
export function subscriberJobs(
  store: TestDatastore,
  queues: string[],
  extra: Partial<CreateJobsOptions> & { logger?: Logger } = {},
): Jobs {
  return createJobs({
    datastore: store.datastore,
    ...(store.prefix ? { prefix: store.prefix } : {}),
    queues: Object.fromEntries(queues.map((queue) => [queue, ['StrategyStateChanged']])),
    logger: createLogger({ service: 'outbox-test', level: 'silent' }),
    registry: new Registry(),
    retry: { attempts: 5, backoffMs: 20, jitter: 0.2 },
    ...extra,
  });
}

/** Every queue consumes through the inbox and records one effect row per applied event. */
export function consumeInto(jobs: Jobs, db: Database, queues: string[], options: { concurrency?: number; beforeEffect?: () => void } = {}): void {
  for (const queue of queues) {
    jobs.handle(
      queue,
      'StrategyStateChanged',
      eventHandler<'StrategyStateChanged'>({ db, inbox }, async (event, tx, context) => {
        options.beforeEffect?.();
        context.logger.info({ eventId: event.id }, 'applying event');
        await tx.insert(effects).values({ consumer: context.queue, eventId: event.id, tenantId: event.tenantId, aggregateId: event.aggregate.id });
      }),
    );
    jobs.work(queue, { concurrency: options.concurrency ?? 4 });
  }
}
