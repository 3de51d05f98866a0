import { words } from './features.ts';
import type { TransactionText } from './types.ts';

const MIN_PREFIX = 4;
const MIN_SHARED_STEM = 6;

/**
 * "Groceries" should match "GROCERY STORE" and "Restaurants" "RESTAURANTE": two words match when
 * equal, when the shorter (of 4+ letters) starts the longer, or when they share a stem of 6+
 * letters covering most of the shorter. A 5-letter shared start is not enough ("transfer" vs
 * "transport").
 */
function wordsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length >= MIN_PREFIX && longer.startsWith(shorter)) return true;
  let shared = 0;
  while (shared < shorter.length && shorter[shared] === longer[shared]) shared++;
  return shared >= MIN_SHARED_STEM && shared >= shorter.length * 0.75;
}

/** Words of a category name that say something ("Food & Drinks" → food, drinks). */
export function nameKeywords(name: string): string[] {
  return [...new Set(words(name).filter((word) => word.length >= 3))];
}

export function textWords(transaction: TransactionText): string[] {
  return [...new Set(words(`${transaction.counterparty ?? ''} ${transaction.description}`))];
}

/** Share (0..1) of the category name's keywords found among the transaction's words. */
export function keywordCoverage(keywords: string[], text: string[]): number {
  if (keywords.length === 0) return 0;
  const found = keywords.filter((keyword) => text.some((word) => wordsMatch(keyword, word))).length;
  return found / keywords.length;
}
