import { loadConfig, serviceConfigSchemas } from '@ai-service/config';
import { startService } from '@ai-service/service-runtime';
import packageJson from '../package.json' with { type: 'json' };

const config = loadConfig(serviceConfigSchemas['worker-financial'], process.env, 'worker-financial');

await startService({
  service: 'worker-financial',
  version: packageJson.version,
  port: config.WORKER_FINANCIAL_PORT,
  config,
  // The financial schema is owned and migrated by financial-svc; this worker only uses it.
  database: {
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    schema: 'financial',
  },
});
