import { loadConfig, serviceConfigSchemas } from '@ai-service/config';
import { startService } from '@ai-service/service-runtime';
import packageJson from '../package.json' with { type: 'json' };

const config = loadConfig(serviceConfigSchemas['worker-trading'], process.env, 'worker-trading');

await startService({
  service: 'worker-trading',
  version: packageJson.version,
  port: config.WORKER_TRADING_PORT,
  config,
  // The trading schema is owned and migrated by trading-svc; this worker only uses it.
  database: {
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    schema: 'trading',
  },
});
