import { createJobs, queueCatalogue, type Jobs } from '@ai-service/jobs';
import { createLogger } from '@ai-service/observability';
import { Registry } from 'prom-client';

/** What financial-svc would enqueue, for worker tests: the financial queue on the test database's Postgres datastore. */
export function financialProducer(databaseUrl: string, service: string): Jobs {
  return createJobs({
    datastore: { postgresUrl: databaseUrl },
    queues: { financial: queueCatalogue.financial },
    logger: createLogger({ service, level: 'silent' }),
    registry: new Registry(),
    reportDepth: false,
  });
}
