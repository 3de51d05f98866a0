import { compareDecimals, sumDecimals } from '@ai-service/money';
import { invalidInput } from '../../errors.ts';
import { parseAmount } from '../../money.ts';
import type { NewSplit } from '../../repositories/transactions.ts';

export type SplitInput = { amount: string; categoryId?: string | null | undefined; description?: string | null | undefined };

/**
 * Splits of a transaction of `amount` in `currency`: at least two non-zero parts that sum exactly
 * to the whole (an empty list means no splits). The database re-checks the sum at commit.
 */
export function parseSplits(splits: readonly SplitInput[], amount: string, currency: string): NewSplit[] {
  if (splits.length === 0) return [];
  if (splits.length === 1) throw invalidInput('splits', 'A split transaction has at least two parts.');
  const parsed = splits.map((split, index) => ({
    amount: parseAmount(`splits.${index}.amount`, split.amount, currency, 'non-zero'),
    categoryId: split.categoryId ?? null,
    description: split.description ?? null,
  }));
  const total = sumDecimals(parsed.map((split) => split.amount));
  if (compareDecimals(total, amount) !== 0) throw invalidInput('splits', `The splits sum to ${total}, not to the amount ${amount}.`);
  return parsed;
}
