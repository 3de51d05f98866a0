import { appendEvent } from '@ai-service/outbox';
import { decimal } from '@ai-service/money';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { outbox } from '../../db/schema/core.ts';
import { invalidInput } from '../../errors.ts';
import { findCounterparty } from '../../repositories/counterparties.ts';
import { findInvoiceSettings } from '../../repositories/invoiceSettings.ts';
import { findInvoiceLines, takeSeriesNumber, updateInvoiceRow } from '../../repositories/invoices.ts';
import { applyCreditNote } from './applyCreditNote.ts';
import { findDraftForUpdate } from './findDraft.ts';
import { formatNumber, seriesOf } from './numbering.ts';
import { clientSnapshot, sellerSnapshot } from './snapshots.ts';
import { invoiceView, type InvoiceView } from './view.ts';

/**
 * Issues a draft: takes the next number of its series, freezes the seller and client as they are
 * now, and records `InvoiceIssued` (invoices; credit notes are audited only) — all in one
 * transaction, so a failure anywhere gives the number back and leaves no gap. From here on the
 * document is immutable. An issued credit note lowers what its invoice owes (applyCreditNote).
 */
export async function issueInvoice({ ctx, input }: { ctx: FinancialContext; input: { invoiceId: string } }): Promise<InvoiceView> {
  return withTenantTx(ctx, async (tx) => {
    const draft = await findDraftForUpdate(tx, input.invoiceId);
    if ((await findInvoiceLines(tx, [draft.id])).length === 0) throw invalidInput('lines', 'An invoice needs at least one line to be issued.');
    const sign = decimal(draft.total).cmp(0);
    if (draft.kind === 'invoice' && sign < 0) throw invalidInput('lines', 'An invoice total must not be negative; issue a credit note instead.');
    if (draft.kind === 'credit_note' && sign > 0) throw invalidInput('lines', 'A credit note total must not be positive.');
    // Before the number: the credited invoice's lock is not waited for while holding the series'.
    if (draft.kind === 'credit_note') await applyCreditNote(tx, ctx, draft);
    const client = (await findCounterparty(tx, draft.clientId))!;
    const settings = await findInvoiceSettings(tx);
    const { series, prefix } = seriesOf(draft.kind, draft.issueDate, settings);
    const sequence = await takeSeriesNumber(tx, ctx.tenantId, series);
    const number = formatNumber(prefix, sequence);
    const issued = await updateInvoiceRow(tx, draft.id, {
      status: 'issued',
      series,
      sequence,
      number,
      issuedAt: ctx.clock(),
      seller: sellerSnapshot(settings),
      client: clientSnapshot(client),
    });
    await audit(tx, ctx, { type: 'InvoiceIssued', aggregateType: 'invoice', aggregateId: draft.id, payload: { kind: draft.kind, number, total: issued.total } });
    const view = await invoiceView(tx, issued);
    if (draft.kind === 'invoice') {
      await appendEvent(tx, outbox, {
        type: 'InvoiceIssued',
        tenantId: ctx.tenantId,
        aggregateId: draft.id,
        occurredAt: ctx.clock(),
        payload: { invoiceId: draft.id, number, clientId: draft.clientId, issueDate: draft.issueDate, dueDate: draft.dueDate, total: { amount: view.total, currency: view.currency } },
      });
    }
    return view;
  });
}
