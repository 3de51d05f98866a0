import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { deleteTagRow } from '../../repositories/tags.ts';

/** Deletes the tag; its links to transactions go with it (foreign key cascade). */
export async function deleteTag({ ctx, input }: { ctx: FinancialContext; input: { tagId: string } }): Promise<void> {
  await withTenantTx(ctx, async (tx) => {
    if (!(await deleteTagRow(tx, input.tagId))) throw notFound('tag', input.tagId);
    await audit(tx, ctx, { type: 'TagDeleted', aggregateType: 'tag', aggregateId: input.tagId });
  });
}
