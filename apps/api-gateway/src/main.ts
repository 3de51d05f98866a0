import { loadConfig, serviceConfigSchemas } from '@ai-service/config';
import { startService } from '@ai-service/service-runtime';
import { defineGateway } from './service.ts';

await startService(defineGateway(loadConfig(serviceConfigSchemas['api-gateway'], process.env, 'api-gateway')));
