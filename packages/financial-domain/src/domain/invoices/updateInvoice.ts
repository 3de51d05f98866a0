import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { invalidInput } from '../../errors.ts';
import { parseCurrency } from '../../money.ts';
import { findInvoiceLines, replaceInvoiceLines, updateInvoiceRow } from '../../repositories/invoices.ts';
import { findClientOrFailAs } from './client.ts';
import type { CreateInvoiceInput } from './createInvoice.ts';
import { priceDraft, type InvoiceLineInput } from './draft.ts';
import { findDraftForUpdate } from './findDraft.ts';
import { invoiceView, type InvoiceView } from './view.ts';

export type UpdateInvoiceInput = { invoiceId: string } & Partial<Omit<CreateInvoiceInput, 'lines'>> & { lines?: InvoiceLineInput[] | undefined };

/** Changes a draft (invoice or credit note); `lines`, when given, replace all lines. Anything but a draft is a 409. */
export async function updateInvoice({ ctx, input }: { ctx: FinancialContext; input: UpdateInvoiceInput }): Promise<InvoiceView> {
  return withTenantTx(ctx, async (tx) => {
    const before = await findDraftForUpdate(tx, input.invoiceId);
    if (before.kind === 'credit_note' && input.clientId !== undefined && input.clientId !== before.clientId) {
      throw invalidInput('clientId', 'A credit note bills the client of the invoice it corrects.');
    }
    if (before.kind === 'credit_note' && input.currency !== undefined && input.currency !== before.currency) {
      throw invalidInput('currency', 'A credit note is in the currency of the invoice it corrects.');
    }
    const client = input.clientId === undefined ? undefined : await findClientOrFailAs(tx, input.clientId, 'clientId');
    const currency = input.currency === undefined ? before.currency : parseCurrency('currency', input.currency);
    const issueDate = input.issueDate ?? before.issueDate;
    const dueDate = input.dueDate ?? before.dueDate;
    if (dueDate < issueDate) throw invalidInput('dueDate', 'dueDate must not be before issueDate.');
    // Totals depend on the lines, the discount and the currency's minor unit: reprice whenever one changes.
    const lines =
      input.lines ??
      (await findInvoiceLines(tx, [before.id])).map((line) => ({
        productId: line.productId,
        description: line.description,
        unit: line.unit,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        taxRate: line.taxRate,
        discountPercent: line.discountPercent,
      }));
    const draft = await priceDraft(tx, ctx, { invoiceId: before.id, currency, discountPercent: input.discountPercent ?? before.discountPercent, lines });
    await replaceInvoiceLines(tx, before.id, draft.lines);
    const after = await updateInvoiceRow(tx, before.id, {
      clientId: client?.id ?? before.clientId,
      currency,
      issueDate,
      dueDate,
      notes: input.notes === undefined ? before.notes : input.notes,
      ...draft.amounts,
    });
    await audit(tx, ctx, { type: 'InvoiceDraftUpdated', aggregateType: 'invoice', aggregateId: before.id, payload: { fields: Object.keys(input).filter((key) => key !== 'invoiceId'), total: after.total } });
    return invoiceView(tx, after);
  });
}
