import { loadConfig, serviceConfigSchemas } from '@ai-service/config';
import { startService } from '@ai-service/service-runtime';
import { fileURLToPath } from 'node:url';
import packageJson from '../package.json' with { type: 'json' };

const config = loadConfig(serviceConfigSchemas['financial-svc'], process.env, 'financial-svc');

await startService({
  service: 'financial-svc',
  version: packageJson.version,
  port: config.FINANCIAL_SVC_PORT,
  config,
  database: {
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    schema: 'financial',
    migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  },
});
