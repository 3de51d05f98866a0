import { loadConfig, serviceConfigSchemas } from '@ai-service/config';
import { startService } from '@ai-service/service-runtime';
import { defineService } from './service.ts';

await startService(defineService(loadConfig(serviceConfigSchemas['comm-svc'], process.env, 'comm-svc')));
