import type { Transaction } from '@ai-service/db';
import { and, asc, desc, inArray, isNotNull, isNull } from 'drizzle-orm';
import { categories, transactions } from '../db/schema/ledger.ts';

export type CategoryOption = { id: string; name: string; kind: 'income' | 'expense' };

export async function listCategoryOptions(tx: Transaction, limit: number): Promise<CategoryOption[]> {
  return tx.select({ id: categories.id, name: categories.name, kind: categories.kind }).from(categories).orderBy(asc(categories.name), asc(categories.id)).limit(limit);
}

export type CategorizedExample = { description: string; counterparty: string | null; amount: string; categoryId: string };

/** The latest transactions whose category a person or a rule chose: what the AI learns the tenant's habits from. */
export async function latestCategorizedExamples(tx: Transaction, limit: number): Promise<CategorizedExample[]> {
  const rows = await tx
    .select({ description: transactions.description, counterparty: transactions.counterpartyName, amount: transactions.amount, categoryId: transactions.categoryId })
    .from(transactions)
    .where(and(isNull(transactions.deletedAt), isNotNull(transactions.categoryId), inArray(transactions.categoryProvenance, ['user', 'rule'])))
    .orderBy(desc(transactions.bookingDate), desc(transactions.id))
    .limit(limit);
  return rows.map((row) => ({ ...row, categoryId: row.categoryId! }));
}
