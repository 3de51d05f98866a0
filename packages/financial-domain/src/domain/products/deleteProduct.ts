import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { FinancialError, notFound } from '../../errors.ts';
import { deleteProductRow, findProduct, productIsUsed } from '../../repositories/products.ts';

/** Deletes a product no invoice line uses; a used one can be archived instead. */
export async function deleteProduct({ ctx, input }: { ctx: FinancialContext; input: { productId: string } }): Promise<void> {
  await withTenantTx(ctx, async (tx) => {
    const product = await findProduct(tx, input.productId, { forUpdate: true });
    if (!product) throw notFound('product', input.productId);
    if (await productIsUsed(tx, input.productId)) {
      throw new FinancialError('in_use', `Product ${product.name} is used on invoices; archive it instead.`, { details: { invoiceLines: true } });
    }
    await deleteProductRow(tx, input.productId);
    await audit(tx, ctx, { type: 'ProductDeleted', aggregateType: 'product', aggregateId: input.productId, payload: { name: product.name } });
  });
}
