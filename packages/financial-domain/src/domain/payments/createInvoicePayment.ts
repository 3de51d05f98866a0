import { withTenantTx, type FinancialContext } from '../../context.ts';
import { recordManualPayment, type ManualPaymentInput } from './recordManualPayment.ts';
import { toPaymentView, type InvoicePaymentView } from './view.ts';

export type CreateInvoicePaymentInput = ManualPaymentInput;

/** Matches a transaction to an invoice by hand (amount: by default what is left of both); a payment reaching the total marks the invoice paid. */
export async function createInvoicePayment({ ctx, input }: { ctx: FinancialContext; input: CreateInvoicePaymentInput }): Promise<InvoicePaymentView> {
  return withTenantTx(ctx, async (tx) => {
    const { payment, invoice } = await recordManualPayment(tx, ctx, input);
    return toPaymentView(payment, invoice.currency);
  });
}
