import { decimal } from '@ai-service/money';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { FinancialError, notFound } from '../../errors.ts';
import { findInvoice, updateInvoiceRow } from '../../repositories/invoices.ts';
import { invoiceView, type InvoiceView } from './view.ts';
import { withdrawCreditNote } from './withdrawCreditNote.ts';

/**
 * Voids an issued document nothing has been paid on. It keeps its number (the series stays
 * gapless) and is no longer owed. Drafts are deleted instead. An invoice with issued credit notes
 * is refused (they would credit a void invoice); a voided credit note's amount is owed again on
 * its invoice.
 */
export async function voidInvoice({ ctx, input }: { ctx: FinancialContext; input: { invoiceId: string } }): Promise<InvoiceView> {
  return withTenantTx(ctx, async (tx) => {
    const row = await findInvoice(tx, input.invoiceId, { forUpdate: true });
    if (!row) throw notFound('invoice', input.invoiceId);
    if (row.status !== 'issued' || !decimal(row.amountPaid).eq(0)) {
      const why = row.status === 'issued' ? 'has payments' : `is ${row.status}`;
      throw new FinancialError('conflict', `Invoice ${row.number ?? row.id} ${why}: only an issued, unpaid invoice can be voided.`, { details: { status: row.status } });
    }
    if (!decimal(row.amountCredited).eq(0)) {
      throw new FinancialError('conflict', `Invoice ${row.number} has issued credit notes: void them first.`, { details: { status: row.status, amountCredited: row.amountCredited } });
    }
    const voided = await updateInvoiceRow(tx, row.id, { status: 'void', voidedAt: ctx.clock() });
    if (row.kind === 'credit_note') await withdrawCreditNote(tx, ctx, row);
    await audit(tx, ctx, { type: 'InvoiceVoided', aggregateType: 'invoice', aggregateId: row.id, payload: { number: row.number } });
    return invoiceView(tx, voided);
  });
}
