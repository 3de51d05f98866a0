import { z } from 'zod';

/** worker-financial: the AI layer of auto-categorization (rules and history need nothing). */
export const categorizationEnv = {
  // ai-core's base URL (the launcher sets it). Unset: categorization uses rules and history only.
  AI_CORE_URL: z.url({ protocol: /^https?$/ }).optional(),
  AI_CATEGORIZE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
};
