import type { Transaction } from '@ai-service/db';
import { decimal } from '@ai-service/money';
import { randomUUID } from 'node:crypto';
import type { FinancialContext } from '../../context.ts';
import { invalidInput } from '../../errors.ts';
import type { NewInvoiceLineRow, NewInvoiceRow } from '../../repositories/invoices.ts';
import { findProductsById } from '../../repositories/products.ts';
import { parsePercent, parseQuantity, parseUnitPrice } from './amounts.ts';
import { computeTotals } from './totals.ts';

/** A line as the API takes it: from a catalogue product (its values are copied unless given) or written out. */
export type InvoiceLineInput = {
  productId?: string | null | undefined;
  description?: string | undefined;
  unit?: string | null | undefined;
  quantity: string;
  unitPrice?: string | undefined;
  taxRate?: string | undefined;
  discountPercent?: string | undefined;
};

/** Money columns are NUMERIC(20,4): at most 16 integer digits. */
const LIMIT = decimal('10000000000000000');
const storable = (amount: string) => decimal(amount).abs().lt(LIMIT);

type PricedLineRow = Omit<NewInvoiceLineRow, 'id' | 'tenantId' | 'invoiceId' | 'netAmount'>;

/** Resolves the lines against the catalogue and checks them; every failure names `lines.<index>.<field>`. */
async function resolveLines(tx: Transaction, lines: readonly InvoiceLineInput[], currency: string): Promise<PricedLineRow[]> {
  const productIds = lines.flatMap((line) => (line.productId ? [line.productId] : []));
  const catalogue = new Map((await findProductsById(tx, productIds)).map((product) => [product.id, product]));
  return lines.map((line, index) => {
    const field = (name: string) => `lines.${index}.${name}`;
    const product = line.productId ? catalogue.get(line.productId) : undefined;
    if (line.productId && !product) throw invalidInput(field('productId'), `${field('productId')}: no product ${line.productId} in this tenant.`);
    if (product && line.unitPrice === undefined && product.currency !== currency) {
      throw invalidInput(field('unitPrice'), `${field('unitPrice')} is required: product ${product.name} is priced in ${product.currency}, the invoice is in ${currency}.`);
    }
    const description = line.description ?? product?.name;
    const unitPrice = line.unitPrice ?? product?.unitPrice;
    const taxRate = line.taxRate ?? product?.taxRate;
    if (!description?.trim()) throw invalidInput(field('description'), `${field('description')} is required without a product.`);
    if (unitPrice === undefined) throw invalidInput(field('unitPrice'), `${field('unitPrice')} is required without a product.`);
    if (taxRate === undefined) throw invalidInput(field('taxRate'), `${field('taxRate')} is required without a product.`);
    return {
      position: index,
      productId: product?.id ?? null,
      description: description.trim(),
      unit: line.unit === undefined ? (product?.unit ?? null) : line.unit,
      quantity: parseQuantity(field('quantity'), line.quantity),
      // A product's stored price is NUMERIC text ("12.5000"): parsing gives it the canonical form too.
      unitPrice: parseUnitPrice(field('unitPrice'), unitPrice),
      taxRate: parsePercent(field('taxRate'), taxRate),
      discountPercent: parsePercent(field('discountPercent'), line.discountPercent ?? '0'),
    };
  });
}

export type DraftContent = {
  lines: NewInvoiceLineRow[];
  amounts: Pick<NewInvoiceRow, 'subtotal' | 'discountAmount' | 'netTotal' | 'taxTotal' | 'total' | 'taxBreakdown' | 'discountPercent'>;
};

/** The line rows and stored totals of a draft (totals.ts says how they are rounded). */
export async function priceDraft(
  tx: Transaction,
  ctx: FinancialContext,
  { invoiceId, currency, discountPercent, lines }: { invoiceId: string; currency: string; discountPercent: string; lines: readonly InvoiceLineInput[] },
): Promise<DraftContent> {
  const resolved = await resolveLines(tx, lines, currency);
  const discount = parsePercent('discountPercent', discountPercent);
  const { lineNets, ...totals } = computeTotals(
    resolved.map((line) => ({ quantity: line.quantity, unitPrice: line.unitPrice, taxRate: line.taxRate!, discountPercent: line.discountPercent! })),
    discount,
    currency,
  );
  lineNets.forEach((net, index) => {
    if (!storable(net)) throw invalidInput(`lines.${index}.quantity`, `lines.${index}: the line's net amount ${net} is too large.`);
  });
  if (![totals.subtotal, totals.total].every(storable)) throw invalidInput('lines', 'The invoice total is too large.');
  return {
    lines: resolved.map((line, index) => ({ ...line, id: randomUUID(), tenantId: ctx.tenantId, invoiceId, netAmount: lineNets[index]! })),
    amounts: { ...totals, discountPercent: discount },
  };
}

/** `YYYY-MM-DD` plus whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
