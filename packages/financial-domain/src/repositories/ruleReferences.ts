import type { Transaction } from '@ai-service/db';
import { inArray, isNull, and } from 'drizzle-orm';
import { accounts, categories } from '../db/schema/ledger.ts';

/** Which of these category ids exist in the tenant. */
export async function existingCategoryIds(tx: Transaction, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.select({ id: categories.id }).from(categories).where(inArray(categories.id, [...ids]));
  return new Set(rows.map((row) => row.id));
}

/** Which of these account ids are open (not archived) accounts of the tenant. */
export async function openAccountIds(tx: Transaction, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.select({ id: accounts.id }).from(accounts).where(and(inArray(accounts.id, [...ids]), isNull(accounts.archivedAt)));
  return new Set(rows.map((row) => row.id));
}
