import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findTag } from '../../repositories/tags.ts';
import { toTagView, type TagView } from './view.ts';

export async function getTag({ ctx, input }: { ctx: FinancialContext; input: { tagId: string } }): Promise<TagView> {
  const row = await withTenantTx(ctx, (tx) => findTag(tx, input.tagId));
  if (!row) throw notFound('tag', input.tagId);
  return toTagView(row);
}
