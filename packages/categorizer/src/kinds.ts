import { compareDecimals } from '@ai-service/money';
import type { CategoryKind } from './types.ts';

const INCOME: ReadonlySet<CategoryKind> = new Set(['income']);
const EXPENSE: ReadonlySet<CategoryKind> = new Set(['expense']);
const EITHER: ReadonlySet<CategoryKind> = new Set(['income', 'expense']);

/** Money in can only be income and money out only an expense; a zero amount could be either. */
export function allowedKinds(amount: string): ReadonlySet<CategoryKind> {
  const sign = compareDecimals(amount, '0');
  return sign > 0 ? INCOME : sign < 0 ? EXPENSE : EITHER;
}
