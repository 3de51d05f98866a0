import type { ServiceConfig } from '@ai-service/config';
import { openapiSpecs } from '@ai-service/contracts';
import type { ServiceDefinition } from '@ai-service/service-runtime';
import { fileURLToPath } from 'node:url';
import packageJson from '../package.json' with { type: 'json' };

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
  };
}
