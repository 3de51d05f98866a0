export type CategoryKind = 'income' | 'expense';

export type Category = { id: string; name: string; kind: CategoryKind };

/** The text a bank gives a transaction: what the classifier reads. */
export type TransactionText = { description: string; counterparty: string | null };

/** A transaction to categorize; the sign of `amount` (a decimal string) picks income or expense. */
export type CategorizableTransaction = TransactionText & { amount: string };

/** A transaction the user (or an earlier layer) already categorized. */
export type LabelledExample = TransactionText & { categoryId: string };

/** The best category, or null when none reached the threshold; `confidence` is that of the best candidate either way. */
export type Suggestion = { categoryId: string | null; confidence: number };
