import { z } from 'zod';

/** ai-core: the optional LLM behind categorization, and the confidence a suggestion needs. */
export const aiEnv = {
  // Any OpenAI-compatible chat completions API (OpenAI, Ollama, vLLM, LM Studio...), up to and
  // including the version segment, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1.
  AI_LLM_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  AI_LLM_API_KEY: z.string().min(1).optional(),
  AI_LLM_MODEL: z.string().min(1).optional(),
  AI_LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  AI_CATEGORIZE_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.4),
};
