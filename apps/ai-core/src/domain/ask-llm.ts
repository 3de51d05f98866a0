import { z } from 'zod';
import { AiError } from '../errors.ts';
import type { ChatModel } from '../llm/chat-completions.ts';
import { categorizationPrompt } from './categorization-prompt.ts';
import type { CategorizedExample, CategorizeTransaction, CategoryOption } from './types.ts';

export type LlmAnswer = { categoryId: string | null; confidence: number };

const answerSchema = z.object({
  results: z.array(z.object({ id: z.string(), categoryId: z.string().nullable(), confidence: z.number().min(0).max(1) })),
});

/** Models asked for bare JSON still sometimes wrap it in a Markdown code fence. */
function withoutCodeFence(text: string): string {
  return text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, '$1');
}

/**
 * The model's answer for each transaction of the batch it mentioned, by transaction id (the first
 * answer wins when it repeats one). Throws AiError when the model is unreachable or its answer is
 * not the JSON asked for; whether each category is allowed is the caller's to check.
 */
export async function askLlm(
  llm: ChatModel,
  input: { categories: CategoryOption[]; examples: CategorizedExample[]; transactions: CategorizeTransaction[] },
  signal: AbortSignal,
): Promise<Map<string, LlmAnswer>> {
  const content = await llm.completeJson(categorizationPrompt(input), signal);
  let json: unknown;
  try {
    json = JSON.parse(withoutCodeFence(content));
  } catch (error) {
    throw new AiError('LLM_INVALID_ANSWER', 'the model did not answer with JSON', { cause: error });
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) throw new AiError('LLM_INVALID_ANSWER', `the model's answer has the wrong shape: ${z.prettifyError(parsed.error)}`);
  const answers = new Map<string, LlmAnswer>();
  for (const { id, categoryId, confidence } of parsed.data.results) if (!answers.has(id)) answers.set(id, { categoryId, confidence });
  return answers;
}
