import { audit, changes } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import type { CategoryKind } from '../../db/schema/ledger.ts';
import { conflictOnDuplicate } from '../../db-errors.ts';
import { FinancialError, invalidInput, notFound } from '../../errors.ts';
import { findCategory, isInSubtree, lockCategoryTree, setSubtreeKind, updateCategoryRow } from '../../repositories/categories.ts';
import { categoryView } from './getCategory.ts';
import type { CategoryView } from './view.ts';

export type UpdateCategoryInput = { categoryId: string; name?: string | undefined; parentId?: string | null | undefined; kind?: CategoryKind | undefined };

/**
 * Renames and/or moves a category. It can never move under itself or a descendant (checked under
 * the tenant's tree lock, so concurrent moves cannot build a cycle together), and a child keeps
 * its parent's kind: the kind changes only on a top-level category, for its whole subtree.
 */
export async function updateCategory({ ctx, input }: { ctx: FinancialContext; input: UpdateCategoryInput }): Promise<CategoryView> {
  return withTenantTx(ctx, async (tx) => {
    await lockCategoryTree(tx, ctx.tenantId);
    const before = await findCategory(tx, input.categoryId, { forUpdate: true });
    if (!before) throw notFound('category', input.categoryId);
    const parentId = input.parentId === undefined ? before.parentId : input.parentId;
    const parent = parentId ? await findCategory(tx, parentId) : undefined;
    if (parentId && !parent) throw invalidInput('parentId', `No category ${parentId} in this tenant.`);
    if (parent && (await isInSubtree(tx, before.id, parent.id))) {
      throw new FinancialError('conflict', 'A category cannot move under itself or one of its descendants.', { field: 'parentId' });
    }
    const kind = input.kind ?? parent?.kind ?? before.kind;
    if (parent && kind !== parent.kind) {
      throw invalidInput(input.kind ? 'kind' : 'parentId', `A child of "${parent.name}" is an ${parent.kind} category.`);
    }
    const name = input.name?.trim() ?? before.name;
    const after = await conflictOnDuplicate(
      () => updateCategoryRow(tx, before.id, { name, parentId, kind }),
      `A category named "${name}" exists at that level.`,
      input.name !== undefined ? 'name' : 'parentId',
    );
    if (after.kind !== before.kind) await setSubtreeKind(tx, before.id, after.kind);
    const diff = changes({ name: before.name, parentId: before.parentId, kind: before.kind }, { name: after.name, parentId: after.parentId, kind: after.kind });
    await audit(tx, ctx, { type: 'CategoryUpdated', aggregateType: 'category', aggregateId: before.id, payload: { changes: diff } });
    return categoryView(tx, before.id);
  });
}
