import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { invalidInput } from '../../errors.ts';
import { parseCurrency } from '../../money.ts';
import { findInvoiceSettings } from '../../repositories/invoiceSettings.ts';
import { insertInvoice, replaceInvoiceLines } from '../../repositories/invoices.ts';
import { findClientOrFailAs } from './client.ts';
import { addDays, priceDraft, type InvoiceLineInput } from './draft.ts';
import { invoiceView, type InvoiceView } from './view.ts';

export type CreateInvoiceInput = {
  clientId: string;
  /** Default: the client's currency, else the settings' default currency. */
  currency?: string | undefined;
  /** Default: today. */
  issueDate?: string | undefined;
  /** Default: the issue date plus the client's payment terms, else the settings' default terms (30 days without settings). */
  dueDate?: string | undefined;
  notes?: string | null | undefined;
  discountPercent?: string | undefined;
  lines: InvoiceLineInput[];
};

/** A draft invoice: freely editable until issued; totals computed from its lines. */
export async function createInvoice({ ctx, input }: { ctx: FinancialContext; input: CreateInvoiceInput }): Promise<InvoiceView> {
  return withTenantTx(ctx, async (tx) => {
    const client = await findClientOrFailAs(tx, input.clientId, 'clientId');
    const settings = await findInvoiceSettings(tx);
    const currencyText = input.currency ?? client.currency ?? settings?.defaultCurrency;
    if (!currencyText) throw invalidInput('currency', 'currency is required: neither the client nor the invoice settings have a default currency.');
    const currency = parseCurrency('currency', currencyText);
    const issueDate = input.issueDate ?? ctx.clock().toISOString().slice(0, 10);
    const dueDate = input.dueDate ?? addDays(issueDate, client.paymentTermsDays ?? settings?.defaultPaymentTermsDays ?? 30);
    if (dueDate < issueDate) throw invalidInput('dueDate', 'dueDate must not be before issueDate.');
    const id = randomUUID();
    const draft = await priceDraft(tx, ctx, { invoiceId: id, currency, discountPercent: input.discountPercent ?? '0', lines: input.lines });
    const row = await insertInvoice(tx, {
      id,
      tenantId: ctx.tenantId,
      kind: 'invoice',
      status: 'draft',
      clientId: client.id,
      currency,
      issueDate,
      dueDate,
      notes: input.notes ?? null,
      ...draft.amounts,
    });
    await replaceInvoiceLines(tx, id, draft.lines);
    await audit(tx, ctx, { type: 'InvoiceDraftCreated', aggregateType: 'invoice', aggregateId: id, payload: { clientId: client.id, currency, total: row.total } });
    return invoiceView(tx, row);
  });
}
