import { accessErrorMapper, registerAccessControl, remoteTokenVerifier } from '@ai-service/access';
import { openapiSpecs } from '@ai-service/contracts';
import { startServiceRelay } from '@ai-service/outbox';
import type { ServiceDefinition } from '@ai-service/service-runtime';
import { fileURLToPath } from 'node:url';
import packageJson from '../package.json' with { type: 'json' };
import type { AiConfig } from './context.ts';
import { outbox } from './db/schema.ts';
import { aiHandlers } from './http/handlers.ts';
import { createChatCompletions } from './llm/chat-completions.ts';
import { createCategorizationMetrics } from './metrics.ts';

export function defineService(config: AiConfig): ServiceDefinition {
  return {
    service: 'ai-core',
    version: packageJson.version,
    port: config.AI_CORE_PORT,
    config,
    spec: openapiSpecs['ai-core'],
    database: {
      url: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
      schema: 'ai',
      migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
    },
    errorMappers: [accessErrorMapper],
    register: (app, { logger, metrics }) => {
      registerAccessControl(app, remoteTokenVerifier(config.AUTH_JWKS_URL));
      const llm =
        config.AI_LLM_BASE_URL && config.AI_LLM_MODEL
          ? {
              chat: createChatCompletions({ baseUrl: config.AI_LLM_BASE_URL, apiKey: config.AI_LLM_API_KEY, model: config.AI_LLM_MODEL }),
              timeoutMs: config.AI_LLM_TIMEOUT_MS,
            }
          : undefined;
      const handlers = aiHandlers({ llm, minConfidence: config.AI_CATEGORIZE_MIN_CONFIDENCE, metrics: createCategorizationMetrics(metrics.registry), logger });
      // The relay publishes the events committed to this schema's outbox to their subscriber queues.
      return { handlers, closers: [startServiceRelay({ config, outbox, logger, registry: metrics.registry })] };
    },
  };
}
