import { loadConfig, serviceConfigSchemas } from '@ai-service/config';
import { startService } from '@ai-service/service-runtime';
import { fileURLToPath } from 'node:url';
import packageJson from '../package.json' with { type: 'json' };

const config = loadConfig(serviceConfigSchemas['trading-svc'], process.env, 'trading-svc');

await startService({
  service: 'trading-svc',
  version: packageJson.version,
  port: config.TRADING_SVC_PORT,
  config,
  database: {
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    schema: 'trading',
    migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  },
});
