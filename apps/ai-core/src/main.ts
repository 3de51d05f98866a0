import { loadConfig, serviceConfigSchemas } from '@ai-service/config';
import { startService } from '@ai-service/service-runtime';
import { fileURLToPath } from 'node:url';
import packageJson from '../package.json' with { type: 'json' };

const config = loadConfig(serviceConfigSchemas['ai-core'], process.env, 'ai-core');

await startService({
  service: 'ai-core',
  version: packageJson.version,
  port: config.AI_CORE_PORT,
  config,
  database: {
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    schema: 'ai',
    migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  },
});
