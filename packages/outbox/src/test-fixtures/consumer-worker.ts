// A consumer worker in its own process, for the kill -9 test. Configuration comes as one JSON
// argument (fixtures read no environment). It applies events through the inbox and then stops
// dead in the middle of the job, either before or after its transaction commits, and waits to
// be killed.
import { createPool, runtimeRoleFor } from '@ai-service/db';
import { createJobs, type Datastore } from '@ai-service/jobs';
import { createLogger } from '@ai-service/observability';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Registry } from 'prom-client';
import type { EventDelivery } from '../delivery.ts';
import { eventHandler } from '../event-handler.ts';
import { effects, inbox } from './schema.ts';

type Options = {
  datastore: Datastore;
  prefix?: string;
  queue: string;
  databaseUrl: string;
  lockDurationMs: number;
  stop: 'before-commit' | 'after-commit';
};

const options = JSON.parse(process.argv[2] ?? '{}') as Options;
const forever = () => new Promise<never>(() => undefined);
const say = (line: string) => process.stdout.write(`${line}\n`);

const pool = createPool({ url: options.databaseUrl, max: 2, role: runtimeRoleFor('relay_fixture') });
const jobs = createJobs({
  datastore: options.datastore,
  ...(options.prefix ? { prefix: options.prefix } : {}),
  queues: { [options.queue]: ['StrategyStateChanged'] },
  logger: createLogger({ service: 'consumer-worker', level: 'silent' }),
  registry: new Registry(),
  lockDurationMs: options.lockDurationMs,
});
const apply = eventHandler<'StrategyStateChanged'>({ db: drizzle(pool), inbox }, async (event, tx, context) => {
  await tx.insert(effects).values({ consumer: context.queue, eventId: event.id, tenantId: event.tenantId, aggregateId: event.aggregate.id });
  if (options.stop === 'before-commit') {
    say(`effect written, not committed: ${event.id}`);
    await forever();
  }
});
jobs.handle<EventDelivery>(options.queue, 'StrategyStateChanged', async (delivery, context) => {
  await apply(delivery, context);
  say(`effect committed: ${context.jobId}`);
  await forever();
});
jobs.work(options.queue, { concurrency: 1 });
say('ready');
