import { z } from 'zod';
import { AiError } from '../errors.ts';

export type ChatMessage = { role: 'system' | 'user'; content: string };

/** A model that answers a conversation with a JSON object, as text; `signal` abandons the call. */
export type ChatModel = { completeJson: (messages: ChatMessage[], signal: AbortSignal) => Promise<string> };

export type ChatCompletionsOptions = { baseUrl: string; apiKey: string | undefined; model: string };

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
});

/**
 * A client of the OpenAI chat completions API, which OpenAI, Ollama, vLLM, LM Studio and most
 * gateways speak. Plain fetch rather than the `openai` SDK: it is one POST whose answer is
 * validated here anyway, and the SDK falls back to OPENAI_* environment variables behind the
 * config's back (it would send an OPENAI_API_KEY to a local server configured without a key).
 */
export function createChatCompletions({ baseUrl, apiKey, model }: ChatCompletionsOptions): ChatModel {
  const url = `${baseUrl.replace(/\/+$/, '')}/chat/completions`;
  return {
    completeJson: async (messages, signal) => {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
          body: JSON.stringify({ model, messages, temperature: 0, response_format: { type: 'json_object' } }),
          signal,
        });
      } catch (error) {
        throw new AiError('LLM_UNAVAILABLE', `chat completions request failed: ${(error as Error).message}`, { cause: error });
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new AiError('LLM_UNAVAILABLE', `chat completions answered HTTP ${response.status}`);
      }
      const body: unknown = await response.json().catch((error: unknown) => {
        if (signal.aborted) throw new AiError('LLM_UNAVAILABLE', 'chat completions timed out while answering', { cause: error });
        throw new AiError('LLM_INVALID_ANSWER', 'chat completions answered with a body that is not JSON', { cause: error });
      });
      const parsed = completionSchema.safeParse(body);
      if (!parsed.success) throw new AiError('LLM_INVALID_ANSWER', 'chat completions answer has no message content');
      return parsed.data.choices[0]!.message.content;
    },
  };
}
