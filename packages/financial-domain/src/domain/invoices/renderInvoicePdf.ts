import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findCounterparty } from '../../repositories/counterparties.ts';
import { findInvoiceSettings } from '../../repositories/invoiceSettings.ts';
import { findInvoice } from '../../repositories/invoices.ts';
import { layoutInvoicePdf } from './pdfLayout.ts';
import { clientSnapshot, sellerSnapshot } from './snapshots.ts';
import { invoiceView } from './view.ts';

export type InvoicePdf = { filename: string; pdf: Buffer };

/**
 * The document as PDF. An issued one prints the seller and client as they were at issue; a draft
 * prints them as they are now, marked DRAFT. The logo is always the current one.
 */
export async function renderInvoicePdf({ ctx, input }: { ctx: FinancialContext; input: { invoiceId: string } }): Promise<InvoicePdf> {
  const printable = await withTenantTx(ctx, async (tx) => {
    const row = await findInvoice(tx, input.invoiceId);
    if (!row) throw notFound('invoice', input.invoiceId);
    const invoice = await invoiceView(tx, row);
    const settings = await findInvoiceSettings(tx);
    const seller = row.seller ?? sellerSnapshot(settings);
    const client = row.client ?? clientSnapshot((await findCounterparty(tx, row.clientId))!);
    const credited = row.creditedInvoiceId ? await findInvoice(tx, row.creditedInvoiceId) : undefined;
    const logo = settings?.logo ? Buffer.from(settings.logo, 'base64') : null;
    return { invoice, seller, client, creditedNumber: credited?.number ?? null, logo };
  });
  const name = printable.invoice.number ?? `draft-${printable.invoice.id}`;
  return { filename: `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`, pdf: await layoutInvoicePdf(printable) };
}
