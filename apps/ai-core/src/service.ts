import type { ServiceConfig } from '@ai-service/config';
import { openapiSpecs } from '@ai-service/contracts';
import { startServiceRelay } from '@ai-service/outbox';
import type { ServiceDefinition } from '@ai-service/service-runtime';
import { fileURLToPath } from 'node:url';
import packageJson from '../package.json' with { type: 'json' };
import { outbox } from './db/schema.ts';

export function defineService(config: ServiceConfig<'ai-core'>): ServiceDefinition {
  return {
    service: 'ai-core',
    version: packageJson.version,
    port: config.AI_CORE_PORT,
    config,
    spec: openapiSpecs['ai-core'],
    database: {
      url: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
      schema: 'ai',
      migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
    },
    // Publishes the events committed to this schema's outbox to their subscriber queues.
    register: (_app, { logger, metrics }) => ({ closers: [startServiceRelay({ config, outbox, logger, registry: metrics.registry })] }),
  };
}
