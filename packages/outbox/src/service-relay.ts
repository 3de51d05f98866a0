import { createJobs, jobsOptionsFromConfig, queueCatalogue, type JobsConfig } from '@ai-service/jobs';
import type { Logger } from '@ai-service/observability';
import type { Registry } from 'prom-client';
import { startOutboxRelay } from './relay.ts';
import type { OutboxTable } from './tables.ts';

export type ServiceRelayConfig = JobsConfig & { OUTBOX_RELAY_BATCH_SIZE: number; OUTBOX_RELAY_POLL_MS: number };

/**
 * The relay every service with an outbox runs: publishes its schema's events to the subscriber
 * queues of the shared catalogue, on the datastore the configuration selects. Returns its closer.
 */
export function startServiceRelay(options: { config: ServiceRelayConfig; outbox: OutboxTable; logger: Logger; registry: Registry }): () => Promise<void> {
  const { config, outbox, logger, registry } = options;
  const jobs = createJobs({ ...jobsOptionsFromConfig(config), queues: queueCatalogue, logger, registry, reportDepth: false });
  const relay = startOutboxRelay({
    url: config.DATABASE_URL,
    outbox,
    jobs,
    logger,
    registry,
    batchSize: config.OUTBOX_RELAY_BATCH_SIZE,
    pollMs: config.OUTBOX_RELAY_POLL_MS,
  });
  return async () => {
    await relay.stop();
    await jobs.close();
  };
}
