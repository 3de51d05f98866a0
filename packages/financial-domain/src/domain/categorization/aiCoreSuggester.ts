import { createAiCoreClient, type AiCoreComponents } from '@ai-service/contracts';

export type SuggestionRequest = AiCoreComponents['schemas']['CategorizeRequest'];
export type Suggestion = { id: string; categoryId: string | null; confidence: number };

/**
 * Asks for a category per transaction. Resolves to null when the answer cannot be had (not
 * configured, unreachable, timed out, refused, 5xx): categorization then leaves them uncategorized.
 */
export type CategorySuggester = (tenantId: string, request: SuggestionRequest) => Promise<Suggestion[] | null>;

export type AiCoreSuggesterOptions = {
  baseUrl: string;
  /** A call that has not answered by then is abandoned. */
  timeoutMs: number;
  /** A bearer token with `ai:use` for the tenant (a service token from auth-svc); none: ai-core refuses and the AI layer is skipped. */
  token?: ((tenantId: string) => Promise<string | undefined>) | undefined;
  onUnavailable?: ((reason: string) => void) | undefined;
};

/** ai-core's `POST /v1/ai/categorize` through the generated contracts client, with a timeout and no throw. */
export function createAiCoreSuggester(options: AiCoreSuggesterOptions): CategorySuggester {
  const client = createAiCoreClient({ baseUrl: options.baseUrl });
  const unavailable = (reason: string) => {
    options.onUnavailable?.(reason);
    return null;
  };
  return async (tenantId, request) => {
    try {
      const token = await options.token?.(tenantId);
      const { data, response } = await client.POST('/v1/ai/categorize', {
        body: request,
        signal: AbortSignal.timeout(options.timeoutMs),
        ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      });
      if (!data) return unavailable(`ai-core answered ${response.status}`);
      return data.results.map((result) => ({ id: result.id, categoryId: result.categoryId, confidence: result.confidence }));
    } catch (error) {
      return unavailable(`ai-core unreachable: ${(error as Error).message}`);
    }
  };
}
