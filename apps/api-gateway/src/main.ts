import { loadConfig, serviceConfigSchemas } from '@ai-service/config';
import { startService } from '@ai-service/service-runtime';
import packageJson from '../package.json' with { type: 'json' };

const config = loadConfig(serviceConfigSchemas['api-gateway'], process.env, 'api-gateway');

await startService({
  service: 'api-gateway',
  version: packageJson.version,
  port: config.GATEWAY_PORT,
  config,
});
