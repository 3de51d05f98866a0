import { loadConfig, serviceConfigSchemas } from '@ai-service/config';
import { startService } from '@ai-service/service-runtime';
import { fileURLToPath } from 'node:url';
import packageJson from '../package.json' with { type: 'json' };

const config = loadConfig(serviceConfigSchemas['auth-svc'], process.env, 'auth-svc');

await startService({
  service: 'auth-svc',
  version: packageJson.version,
  port: config.AUTH_SVC_PORT,
  config,
  database: {
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    schema: 'auth',
    migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  },
});
