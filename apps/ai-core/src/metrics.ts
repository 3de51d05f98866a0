import { Counter, type Registry } from 'prom-client';

export type CategorizationProvider = 'offline' | 'llm';
/** Per transaction: categorized or left uncategorized by a provider; `fallback` when the LLM's answer for it was unusable. */
export type CategorizationOutcome = 'categorized' | 'uncategorized' | 'fallback';

export type CategorizationMetrics = { count: (provider: CategorizationProvider, outcome: CategorizationOutcome, transactions?: number) => void };

export function createCategorizationMetrics(registry: Registry): CategorizationMetrics {
  const total = new Counter({
    name: 'ai_categorizations_total',
    help: 'Transactions categorized, by provider (offline, llm) and outcome (categorized, uncategorized, fallback to offline)',
    labelNames: ['provider', 'outcome'] as const,
    registers: [registry],
  });
  return { count: (provider, outcome, transactions = 1) => total.inc({ provider, outcome }, transactions) };
}
