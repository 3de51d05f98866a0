import type { Transaction } from '@ai-service/db';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { listCategoryTree } from '../../repositories/categories.ts';
import { toCategoryView, type CategoryView } from './view.ts';

export async function getCategory({ ctx, input }: { ctx: FinancialContext; input: { categoryId: string } }): Promise<CategoryView> {
  return withTenantTx(ctx, (tx) => categoryView(tx, input.categoryId));
}

/** One category with its depth and path (a tenant's tree is small: read whole). */
export async function categoryView(tx: Transaction, categoryId: string): Promise<CategoryView> {
  const row = (await listCategoryTree(tx)).find((category) => category.id === categoryId);
  if (!row) throw notFound('category', categoryId);
  return toCategoryView(row);
}
