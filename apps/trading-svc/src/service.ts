import type { ServiceConfig } from '@ai-service/config';
import { openapiSpecs } from '@ai-service/contracts';
import type { ServiceDefinition } from '@ai-service/service-runtime';
import { fileURLToPath } from 'node:url';
import packageJson from '../package.json' with { type: 'json' };

export function defineService(config: ServiceConfig<'trading-svc'>): ServiceDefinition {
  return {
    service: 'trading-svc',
    version: packageJson.version,
    port: config.TRADING_SVC_PORT,
    config,
    spec: openapiSpecs['trading'],
    database: {
      url: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
      schema: 'trading',
      migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
    },
  };
}
