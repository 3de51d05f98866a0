import { loadConfig, serviceConfigSchemas } from '@ai-service/config';
import { startService } from '@ai-service/service-runtime';
import { defineWorker } from './service.ts';

await startService(defineWorker(loadConfig(serviceConfigSchemas['worker-trading'], process.env, 'worker-trading')));
