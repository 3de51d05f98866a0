import { withTenantTx, type FinancialContext } from '../../context.ts';
import { listCategoryTree } from '../../repositories/categories.ts';
import { toCategoryView, type CategoryView } from './view.ts';

/** The tree depth first (a parent before its children, siblings by name), each with its depth and path. */
export async function listCategories({ ctx }: { ctx: FinancialContext }): Promise<CategoryView[]> {
  return (await withTenantTx(ctx, (tx) => listCategoryTree(tx))).map(toCategoryView);
}
