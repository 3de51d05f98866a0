import { negateDecimal } from '@ai-service/money';
import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { FinancialError, notFound } from '../../errors.ts';
import { findInvoice, findInvoiceLines, insertInvoice, replaceInvoiceLines } from '../../repositories/invoices.ts';
import { priceDraft } from './draft.ts';
import { amountOwed } from './owed.ts';
import { invoiceView, type InvoiceView } from './view.ts';

/**
 * A draft credit note correcting an issued invoice that still owes something: the same client,
 * currency, discount and lines with negated quantities, so it cancels the invoice in full; edit it
 * (as any draft) before issuing to credit part of it. Issued, it is numbered in the credit-note
 * series and takes its amount off what the invoice owes (at most all of it: applyCreditNote). A
 * paid invoice owes nothing and is not credited.
 */
export async function createCreditNote({ ctx, input }: { ctx: FinancialContext; input: { invoiceId: string } }): Promise<InvoiceView> {
  return withTenantTx(ctx, async (tx) => {
    const original = await findInvoice(tx, input.invoiceId, { forUpdate: true });
    if (!original) throw notFound('invoice', input.invoiceId);
    if (original.kind !== 'invoice' || original.status !== 'issued') {
      throw new FinancialError('conflict', `Only an issued invoice can be credited; this ${original.kind} is ${original.status}.`, { details: { status: original.status } });
    }
    if (amountOwed(original).lte(0)) {
      throw new FinancialError('conflict', `Invoice ${original.number} owes nothing: its credit notes cover it.`, { details: { status: original.status, amountDue: '0' } });
    }
    const id = randomUUID();
    const lines = (await findInvoiceLines(tx, [original.id])).map((line) => ({
      productId: line.productId,
      description: line.description,
      unit: line.unit,
      quantity: negateDecimal(line.quantity),
      unitPrice: line.unitPrice,
      taxRate: line.taxRate,
      discountPercent: line.discountPercent,
    }));
    const draft = await priceDraft(tx, ctx, { invoiceId: id, currency: original.currency, discountPercent: original.discountPercent, lines });
    const today = ctx.clock().toISOString().slice(0, 10);
    const row = await insertInvoice(tx, {
      id,
      tenantId: ctx.tenantId,
      kind: 'credit_note',
      status: 'draft',
      clientId: original.clientId,
      creditedInvoiceId: original.id,
      currency: original.currency,
      issueDate: today,
      dueDate: today,
      notes: `Credit note for invoice ${original.number}.`,
      ...draft.amounts,
    });
    await replaceInvoiceLines(tx, id, draft.lines);
    await audit(tx, ctx, { type: 'CreditNoteDraftCreated', aggregateType: 'invoice', aggregateId: id, payload: { creditedInvoiceId: original.id, total: row.total } });
    return invoiceView(tx, row);
  });
}
