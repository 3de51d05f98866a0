import type { ServiceConfig } from '@ai-service/config';
import { openapiSpecs } from '@ai-service/contracts';
import type { ServiceDefinition } from '@ai-service/service-runtime';
import { fileURLToPath } from 'node:url';
import packageJson from '../package.json' with { type: 'json' };

export function defineService(config: ServiceConfig<'financial-svc'>): ServiceDefinition {
  return {
    service: 'financial-svc',
    version: packageJson.version,
    port: config.FINANCIAL_SVC_PORT,
    config,
    spec: openapiSpecs['financial'],
    database: {
      url: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
      schema: 'financial',
      migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
    },
  };
}
