import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { FinancialError } from '../../errors.ts';
import { parseCurrency } from '../../money.ts';
import { insertProduct } from '../../repositories/products.ts';
import { parsePercent, parseUnitPrice } from '../invoices/amounts.ts';
import { toProductView, type ProductView } from './view.ts';

export type ProductFields = {
  name: string;
  description: string | null;
  unit: string | null;
  unitPrice: string;
  currency: string;
  taxRate: string;
};

export type CreateProductInput = Pick<ProductFields, 'name' | 'unitPrice' | 'currency'> & Partial<ProductFields>;

/** A catalogue entry; invoice lines copy its values when they name it. */
export async function createProduct({ ctx, input }: { ctx: FinancialContext; input: CreateProductInput }): Promise<ProductView> {
  const row = {
    id: randomUUID(),
    tenantId: ctx.tenantId,
    name: input.name.trim(),
    description: input.description ?? null,
    unit: input.unit ?? null,
    unitPrice: parseUnitPrice('unitPrice', input.unitPrice),
    currency: parseCurrency('currency', input.currency),
    taxRate: parsePercent('taxRate', input.taxRate ?? '0'),
  };
  return withTenantTx(ctx, async (tx) => {
    const inserted = await insertProduct(tx, row);
    if (!inserted) throw new FinancialError('conflict', `A product named "${row.name}" exists.`, { field: 'name' });
    await audit(tx, ctx, { type: 'ProductCreated', aggregateType: 'product', aggregateId: row.id, payload: { product: row } });
    return toProductView(inserted);
  });
}
