import type { Transaction } from '@ai-service/db';
import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
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

/** The live transactions an import created that have no category, oldest booking first. */
export async function listUncategorizedImportTransactionIds(tx: Transaction, importId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(eq(transactions.importId, importId), isNull(transactions.deletedAt), isNull(transactions.categoryId)))
    .orderBy(asc(transactions.bookingDate), asc(transactions.id));
  return rows.map((row) => row.id);
}
