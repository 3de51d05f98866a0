import { decimal, decimalToString } from '@ai-service/money';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { FinancialError, notFound } from '../../errors.ts';
import { findInvoice } from '../../repositories/invoices.ts';
import { findSuggestion, resolveSuggestion } from '../../repositories/payments.ts';
import { amountOwed } from '../invoices/owed.ts';
import { recordManualPayment } from './recordManualPayment.ts';
import { toPaymentView, type InvoicePaymentView } from './view.ts';

/** Records the suggested payment (at most what the invoice owes now) as a manual match; the suggestion becomes accepted. */
export async function acceptPaymentSuggestion({ ctx, input }: { ctx: FinancialContext; input: { suggestionId: string } }): Promise<InvoicePaymentView> {
  return withTenantTx(ctx, async (tx) => {
    const suggestion = await findSuggestion(tx, input.suggestionId, { forUpdate: true });
    if (!suggestion) throw notFound('payment suggestion', input.suggestionId);
    if (suggestion.status !== 'open') throw new FinancialError('conflict', `The suggestion is already ${suggestion.status}.`);
    // The invoice may owe less than when suggested (another payment or a credit note since): then its remainder.
    const invoice = await findInvoice(tx, suggestion.invoiceId);
    const owed = invoice ? amountOwed(invoice) : decimal('0');
    const amount = owed.gt('0') && owed.lt(suggestion.amount) ? owed : decimal(suggestion.amount);
    const { payment, invoice: paid } = await recordManualPayment(tx, ctx, { invoiceId: suggestion.invoiceId, transactionId: suggestion.transactionId, amount: decimalToString(amount) });
    await resolveSuggestion(tx, suggestion.id, 'accepted', ctx.clock(), ctx.actorId);
    await audit(tx, ctx, { type: 'PaymentSuggestionAccepted', aggregateType: 'invoice', aggregateId: suggestion.invoiceId, payload: { suggestionId: suggestion.id, paymentId: payment.id } });
    return toPaymentView(payment, paid.currency);
  });
}
