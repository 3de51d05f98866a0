import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { deleteInvoiceRow } from '../../repositories/invoices.ts';
import { findDraftForUpdate } from './findDraft.ts';

/** Deletes a draft; an issued document is never deleted (void it, or correct it by credit note). */
export async function deleteInvoice({ ctx, input }: { ctx: FinancialContext; input: { invoiceId: string } }): Promise<void> {
  await withTenantTx(ctx, async (tx) => {
    const draft = await findDraftForUpdate(tx, input.invoiceId);
    await deleteInvoiceRow(tx, draft.id);
    await audit(tx, ctx, { type: 'InvoiceDraftDeleted', aggregateType: 'invoice', aggregateId: draft.id, payload: { kind: draft.kind, total: draft.total } });
  });
}
