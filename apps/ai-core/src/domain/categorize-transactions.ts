import { trainCategorizer, type Categorizer } from '@ai-service/categorizer';
import type { ServiceContext } from '../context.ts';
import { AiError } from '../errors.ts';
import { askLlm } from './ask-llm.ts';
import type { CategorizedExample, CategorizeRequest, CategorizeResponse, CategorizeResult, CategorizeTransaction } from './types.ts';

/** Transactions per LLM call: small enough for any context window and a quick answer. */
const LLM_BATCH_SIZE = 25;
/** LLM calls in flight at once for one request. */
const LLM_PARALLEL_BATCHES = 4;
/** The user's examples most like each transaction go into the prompt; all of them would not fit. */
const EXAMPLES_PER_TRANSACTION = 3;

type Offline = Categorizer<CategorizedExample>;

const roundConfidence = (value: number) => Math.round(value * 1000) / 1000;

function suggestOffline(categorizer: Offline, transaction: CategorizeTransaction): CategorizeResult {
  return { id: transaction.id, ...categorizer.suggest(transaction), provider: 'offline' };
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}

type LlmBatch = { ctx: ServiceContext; llm: NonNullable<ServiceContext['llm']>; offline: Offline; input: CategorizeRequest; deadline: AbortSignal };

/**
 * One batch through the LLM. A transaction it did not answer, or a whole batch it failed (down,
 * past the request's deadline, malformed answer), gets the offline classifier's suggestion
 * instead; a category it made up, or one whose kind contradicts the amount's sign, is no category.
 */
async function suggestWithLlm({ ctx, llm, offline, input, deadline }: LlmBatch, batch: CategorizeTransaction[]): Promise<CategorizeResult[]> {
  const examples = [...new Set(batch.flatMap((transaction) => offline.nearestExamples(transaction, EXAMPLES_PER_TRANSACTION)))];
  let answers: Awaited<ReturnType<typeof askLlm>> | undefined;
  try {
    answers = await askLlm(llm.chat, { categories: input.categories, examples, transactions: batch }, deadline);
  } catch (error) {
    if (!(error instanceof AiError)) throw error;
    ctx.logger.warn({ code: error.code, reason: error.message, transactions: batch.length }, 'LLM categorization failed; using the offline classifier');
  }
  return batch.map((transaction) => {
    const answer = answers?.get(transaction.id);
    if (!answer) {
      ctx.metrics.count('llm', 'fallback');
      return suggestOffline(offline, transaction);
    }
    const valid = answer.categoryId !== null && offline.accepts(transaction, answer.categoryId);
    // As offline: the threshold applies to the confidence shown.
    const confidence = valid ? roundConfidence(answer.confidence) : 0;
    return { id: transaction.id, categoryId: valid && confidence >= ctx.minConfidence ? answer.categoryId : null, confidence, provider: 'llm' };
  });
}

/**
 * Suggests a category for each transaction, in request order: through the LLM when one is
 * configured, otherwise (and wherever it fails) through the offline classifier trained on the
 * request's own examples. Never fails because of a provider: nothing is stored.
 */
export async function categorizeTransactions({ ctx, input }: { ctx: ServiceContext; input: CategorizeRequest }): Promise<CategorizeResponse> {
  const offline = trainCategorizer({ categories: input.categories, examples: input.examples ?? [], minConfidence: ctx.minConfidence });
  const { llm } = ctx;
  let results: CategorizeResult[];
  if (!llm) {
    results = input.transactions.map((transaction) => suggestOffline(offline, transaction));
  } else {
    results = [];
    // One deadline for the whole request, so a slow LLM cannot hold a caller for batches × timeout:
    // batches still waiting when it passes go offline at once.
    const job: LlmBatch = { ctx, llm, offline, input, deadline: AbortSignal.timeout(llm.timeoutMs) };
    for (const group of chunks(chunks(input.transactions, LLM_BATCH_SIZE), LLM_PARALLEL_BATCHES)) {
      for (const answered of await Promise.all(group.map((batch) => suggestWithLlm(job, batch)))) results.push(...answered);
    }
  }
  for (const result of results) ctx.metrics.count(result.provider, result.categoryId ? 'categorized' : 'uncategorized');
  return { results };
}
