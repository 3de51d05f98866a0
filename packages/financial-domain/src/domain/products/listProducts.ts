import { withTenantTx, type FinancialContext } from '../../context.ts';
import { listProductRows } from '../../repositories/products.ts';
import { toProductView, type ProductView } from './view.ts';

/** The catalogue by name; archived products only when asked. */
export async function listProducts({ ctx, input }: { ctx: FinancialContext; input: { includeArchived?: boolean | undefined } }): Promise<ProductView[]> {
  const rows = await withTenantTx(ctx, (tx) => listProductRows(tx, { includeArchived: input.includeArchived ?? false }));
  return rows.map(toProductView);
}
