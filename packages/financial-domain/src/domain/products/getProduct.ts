import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findProduct } from '../../repositories/products.ts';
import { toProductView, type ProductView } from './view.ts';

export async function getProduct({ ctx, input }: { ctx: FinancialContext; input: { productId: string } }): Promise<ProductView> {
  const row = await withTenantTx(ctx, (tx) => findProduct(tx, input.productId));
  if (!row) throw notFound('product', input.productId);
  return toProductView(row);
}
