import { audit, changes } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { conflictOnDuplicate } from '../../db-errors.ts';
import { notFound } from '../../errors.ts';
import { parseCurrency } from '../../money.ts';
import { findProduct, updateProductRow } from '../../repositories/products.ts';
import { parsePercent, parseUnitPrice } from '../invoices/amounts.ts';
import type { ProductFields } from './createProduct.ts';
import { toProductView, type ProductView } from './view.ts';

export type UpdateProductInput = { productId: string } & Partial<ProductFields>;

/** Changes a catalogue entry; invoice lines that copied it keep their values. */
export async function updateProduct({ ctx, input }: { ctx: FinancialContext; input: UpdateProductInput }): Promise<ProductView> {
  const { productId, ...fields } = input;
  const update = {
    ...fields,
    ...(fields.name !== undefined ? { name: fields.name.trim() } : {}),
    ...(fields.unitPrice !== undefined ? { unitPrice: parseUnitPrice('unitPrice', fields.unitPrice) } : {}),
    ...(fields.currency !== undefined ? { currency: parseCurrency('currency', fields.currency) } : {}),
    ...(fields.taxRate !== undefined ? { taxRate: parsePercent('taxRate', fields.taxRate) } : {}),
  };
  return withTenantTx(ctx, async (tx) => {
    const before = await findProduct(tx, productId, { forUpdate: true });
    if (!before) throw notFound('product', productId);
    const after = await conflictOnDuplicate(() => updateProductRow(tx, productId, update), `A product named "${update.name}" exists.`, 'name');
    const diff = changes({ ...before, updatedAt: null }, { ...after, updatedAt: null });
    await audit(tx, ctx, { type: 'ProductUpdated', aggregateType: 'product', aggregateId: productId, payload: { changes: diff } });
    return toProductView(after);
  });
}
