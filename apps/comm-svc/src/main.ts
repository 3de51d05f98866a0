import { loadConfig, serviceConfigSchemas } from '@ai-service/config';
import { startService } from '@ai-service/service-runtime';
import { fileURLToPath } from 'node:url';
import packageJson from '../package.json' with { type: 'json' };

const config = loadConfig(serviceConfigSchemas['comm-svc'], process.env, 'comm-svc');

await startService({
  service: 'comm-svc',
  version: packageJson.version,
  port: config.COMM_SVC_PORT,
  config,
  database: {
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    schema: 'comm',
    migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  },
});
