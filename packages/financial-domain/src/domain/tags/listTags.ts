import { withTenantTx, type FinancialContext } from '../../context.ts';
import { listTagRows } from '../../repositories/tags.ts';
import { toTagView, type TagView } from './view.ts';

export async function listTags({ ctx }: { ctx: FinancialContext }): Promise<TagView[]> {
  return (await withTenantTx(ctx, (tx) => listTagRows(tx))).map(toTagView);
}
