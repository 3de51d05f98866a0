import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findProduct, updateProductRow } from '../../repositories/products.ts';
import { toProductView, type ProductView } from './view.ts';

/** Archives (hides from the default list; invoices that used it keep it) or brings back a product. Idempotent. */
export async function setProductArchived({ ctx, input }: { ctx: FinancialContext; input: { productId: string; archived: boolean } }): Promise<ProductView> {
  return withTenantTx(ctx, async (tx) => {
    const product = await findProduct(tx, input.productId, { forUpdate: true });
    if (!product) throw notFound('product', input.productId);
    if ((product.archivedAt !== null) === input.archived) return toProductView(product);
    const after = await updateProductRow(tx, input.productId, { archivedAt: input.archived ? ctx.clock() : null });
    await audit(tx, ctx, { type: input.archived ? 'ProductArchived' : 'ProductUnarchived', aggregateType: 'product', aggregateId: input.productId });
    return toProductView(after);
  });
}
