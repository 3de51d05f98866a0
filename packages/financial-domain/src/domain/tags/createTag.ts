import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { FinancialError } from '../../errors.ts';
import { insertTag } from '../../repositories/tags.ts';
import { toTagView, type TagView } from './view.ts';

export async function createTag({ ctx, input }: { ctx: FinancialContext; input: { name: string } }): Promise<TagView> {
  const name = input.name.trim();
  return withTenantTx(ctx, async (tx) => {
    const row = await insertTag(tx, { id: randomUUID(), tenantId: ctx.tenantId, name });
    if (!row) throw new FinancialError('conflict', `A tag named "${name}" exists.`, { field: 'name' });
    await audit(tx, ctx, { type: 'TagCreated', aggregateType: 'tag', aggregateId: row.id, payload: { name } });
    return toTagView(row);
  });
}
