import type { ServiceConfig } from '@ai-service/config';
import type { Logger } from '@ai-service/observability';
import type { ChatModel } from './llm/chat-completions.ts';
import type { CategorizationMetrics } from './metrics.ts';

export type AiConfig = ServiceConfig<'ai-core'>;

/** What every domain function gets. ai-core is stateless: requests carry all the data they need. */
export type ServiceContext = {
  /** Present when an LLM is configured; it gets `timeoutMs` per request, all batches together. */
  llm: { chat: ChatModel; timeoutMs: number } | undefined;
  minConfidence: number;
  metrics: CategorizationMetrics;
  logger: Logger;
};
