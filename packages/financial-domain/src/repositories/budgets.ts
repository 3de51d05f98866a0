import type { Transaction } from '@ai-service/db';
import { and, asc, eq, lte } from 'drizzle-orm';
import { budgets } from '../db/schema/reporting.ts';

export type BudgetRow = typeof budgets.$inferSelect;

export async function findBudget(tx: Transaction, month: string, categoryId: string): Promise<BudgetRow | undefined> {
  const [row] = await tx
    .select()
    .from(budgets)
    .where(and(eq(budgets.month, month), eq(budgets.categoryId, categoryId)));
  return row;
}

export async function upsertBudget(tx: Transaction, row: { id: string; tenantId: string; month: string; categoryId: string; amount: string; rollover: boolean }): Promise<BudgetRow> {
  const [saved] = await tx
    .insert(budgets)
    .values(row)
    .onConflictDoUpdate({ target: [budgets.tenantId, budgets.month, budgets.categoryId], set: { amount: row.amount, rollover: row.rollover, updatedAt: new Date() } })
    .returning();
  return saved!;
}

export async function deleteBudgetRow(tx: Transaction, budgetId: string): Promise<void> {
  await tx.delete(budgets).where(eq(budgets.id, budgetId));
}

/** The tenant's budgets up to `lastMonth` (first day), oldest first: the months a rollover chain may reach back to. */
export async function budgetsUpTo(tx: Transaction, lastMonth: string): Promise<BudgetRow[]> {
  return tx.select().from(budgets).where(lte(budgets.month, lastMonth)).orderBy(asc(budgets.month));
}
