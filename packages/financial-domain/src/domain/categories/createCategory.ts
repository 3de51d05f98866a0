import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import type { CategoryKind } from '../../db/schema/ledger.ts';
import { FinancialError, invalidInput } from '../../errors.ts';
import { findCategory, insertCategory } from '../../repositories/categories.ts';
import { categoryView } from './getCategory.ts';
import type { CategoryView } from './view.ts';

export type CreateCategoryInput = { name: string; parentId?: string | null | undefined; kind?: CategoryKind | undefined };

/** A top-level category needs a kind; a child takes its parent's (and may repeat it, not contradict it). */
export async function createCategory({ ctx, input }: { ctx: FinancialContext; input: CreateCategoryInput }): Promise<CategoryView> {
  const name = input.name.trim();
  return withTenantTx(ctx, async (tx) => {
    const parent = input.parentId ? await findCategory(tx, input.parentId) : undefined;
    if (input.parentId && !parent) throw invalidInput('parentId', `No category ${input.parentId} in this tenant.`);
    if (parent && input.kind && input.kind !== parent.kind) throw invalidInput('kind', `A child of "${parent.name}" is an ${parent.kind} category.`);
    const kind = parent?.kind ?? input.kind;
    if (!kind) throw invalidInput('kind', 'A top-level category needs a kind (income or expense).');
    const row = await insertCategory(tx, { id: randomUUID(), tenantId: ctx.tenantId, parentId: parent?.id ?? null, name, kind });
    if (!row) throw new FinancialError('conflict', `A category named "${name}" exists at that level.`, { field: 'name' });
    await audit(tx, ctx, { type: 'CategoryCreated', aggregateType: 'category', aggregateId: row.id, payload: { name, kind, parentId: row.parentId } });
    return categoryView(tx, row.id);
  });
}
