import { loadConfig, serviceConfigSchemas } from '@ai-service/config';
import { startService } from '@ai-service/service-runtime';
import { defineService } from './service.ts';

await startService(defineService(loadConfig(serviceConfigSchemas['auth-svc'], process.env, 'auth-svc')));
