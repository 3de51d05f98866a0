import type { ChatMessage } from '../llm/chat-completions.ts';
import type { CategorizedExample, CategorizeTransaction, CategoryOption } from './types.ts';

const INSTRUCTIONS = `You categorize bank transactions for a household or small business.
You get the available categories (id, name, kind), examples the user already categorized, and the transactions to categorize.
Rules:
- Use only category ids from the list. Use null when no category fits or you are unsure.
- A positive amount is money received: only an "income" category fits. A negative amount is money spent: only an "expense" category fits.
- Follow the user's examples: the same merchant or counterparty usually keeps its category.
- confidence is your probability (0 to 1) that the category is the one the user would choose.
Answer with one JSON object and nothing else, exactly of this shape:
{"results":[{"id":"<transaction id>","categoryId":"<category id or null>","confidence":0.9}]}
with one entry per transaction.`;

/** The conversation that asks a model to categorize a batch; the data goes as JSON so no text in it can pass for instructions. */
export function categorizationPrompt(input: {
  categories: CategoryOption[];
  examples: CategorizedExample[];
  transactions: CategorizeTransaction[];
}): ChatMessage[] {
  const data = {
    categories: input.categories.map(({ id, name, kind }) => ({ id, name, kind })),
    examples: input.examples.map(({ description, counterparty, amount, categoryId }) => ({ description, counterparty, amount, categoryId })),
    transactions: input.transactions.map(({ id, description, counterparty, amount, currency }) => ({ id, description, counterparty, amount, currency })),
  };
  return [
    { role: 'system', content: INSTRUCTIONS },
    { role: 'user', content: JSON.stringify(data) },
  ];
}
