import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { conflictOnDuplicate } from '../../db-errors.ts';
import { FinancialError, invalidInput, notFound } from '../../errors.ts';
import {
  categoryUsage,
  deleteCategoryRow,
  findCategory,
  lockCategoryTree,
  moveCategoryReferences,
  moveChildren,
} from '../../repositories/categories.ts';

/**
 * Deletes a category. While transactions, splits or child categories use it, deletion is refused
 * (`in_use`) unless `reassignTo` names another category of the same kind: its transactions and
 * splits then move there (provenance kept) and its children move up to its parent. We refuse
 * rather than silently uncategorize, because categorizations are user work.
 */
export async function deleteCategory({ ctx, input }: { ctx: FinancialContext; input: { categoryId: string; reassignTo?: string | undefined } }): Promise<void> {
  await withTenantTx(ctx, async (tx) => {
    await lockCategoryTree(tx, ctx.tenantId);
    const category = await findCategory(tx, input.categoryId, { forUpdate: true });
    if (!category) throw notFound('category', input.categoryId);
    const target = input.reassignTo ? await findCategory(tx, input.reassignTo) : undefined;
    if (input.reassignTo) {
      if (!target) throw invalidInput('reassignTo', `No category ${input.reassignTo} in this tenant.`);
      if (target.id === category.id) throw invalidInput('reassignTo', 'A category cannot be reassigned to itself.');
      if (target.kind !== category.kind) throw invalidInput('reassignTo', `"${target.name}" is an ${target.kind} category; "${category.name}" is ${category.kind}.`);
    }
    const usage = await categoryUsage(tx, category.id);
    const used = usage.transactions + usage.splits + usage.children > 0;
    if (used && !target) {
      throw new FinancialError('in_use', `"${category.name}" is used by ${usage.transactions} transactions, ${usage.splits} splits and ${usage.children} child categories; pass reassignTo.`, {
        details: usage,
      });
    }
    await moveCategoryReferences(tx, category.id, target?.id ?? null);
    await conflictOnDuplicate(() => moveChildren(tx, category.id, category.parentId), 'A child category has the name of a category at the level it would move to.', 'categoryId');
    await deleteCategoryRow(tx, category.id);
    await audit(tx, ctx, { type: 'CategoryDeleted', aggregateType: 'category', aggregateId: category.id, payload: { name: category.name, reassignTo: target?.id ?? null, usage } });
  });
}
