import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { conflictOnDuplicate } from '../../db-errors.ts';
import { notFound } from '../../errors.ts';
import { findTag, renameTag } from '../../repositories/tags.ts';
import { toTagView, type TagView } from './view.ts';

export async function updateTag({ ctx, input }: { ctx: FinancialContext; input: { tagId: string; name: string } }): Promise<TagView> {
  const name = input.name.trim();
  return withTenantTx(ctx, async (tx) => {
    const before = await findTag(tx, input.tagId);
    if (!before) throw notFound('tag', input.tagId);
    const row = await conflictOnDuplicate(() => renameTag(tx, input.tagId, name), `A tag named "${name}" exists.`, 'name');
    await audit(tx, ctx, { type: 'TagRenamed', aggregateType: 'tag', aggregateId: row.id, payload: { from: before.name, to: name } });
    return toTagView(row);
  });
}
