import type { Transaction } from '@ai-service/db';
import { decimal, decimalToString, type Decimal } from '@ai-service/money';
import type { FinancialContext } from '../../context.ts';
import { lockInvoices, paymentsOfTransaction } from '../../repositories/payments.ts';
import { amountOwed } from '../invoices/owed.ts';
import { removePayment } from './removePayment.ts';
import { resizePayment } from './resizePayment.ts';

const smaller = (a: Decimal, b: Decimal) => (a.lt(b) ? a : b);

/**
 * Re-checks a transaction's invoice payments after its amount changed from `previous` to `amount`
 * (the caller holds the transaction's row lock and has written the new amount), in the caller's
 * database transaction. Payments never exceed the transaction: when it no longer covers them they
 * are cut by the difference, newest first (removed when cut to nothing), and their invoices owe
 * that again (paid → issued). When it grows, the increase goes back to its payments, oldest
 * first, as far as their invoices still owe — so an amount corrected down and up again pays as
 * before; an invoice paid in full by the increase is paid (InvoicePaid) again. The part of the
 * transaction that paid nothing before stays unused.
 */
export async function followTransactionAmount(
  tx: Transaction,
  ctx: FinancialContext,
  { transactionId, previous, amount }: { transactionId: string; previous: string; amount: string },
): Promise<void> {
  const payments = await paymentsOfTransaction(tx, transactionId);
  if (payments.length === 0) return;
  const invoices = await lockInvoices(tx, payments.map((payment) => payment.invoiceId));
  const used = payments.reduce((sum, payment) => sum.plus(payment.amount), decimal('0'));
  const available = decimal(amount).gt(0) ? decimal(amount) : decimal('0');

  if (used.gt(available)) {
    let excess = used.minus(available);
    for (const payment of [...payments].reverse()) {
      if (excess.lte(0)) break;
      const invoice = invoices.get(payment.invoiceId)!;
      const cut = smaller(excess, decimal(payment.amount));
      const left = decimal(payment.amount).minus(cut);
      const updated = left.eq(0)
        ? await removePayment(tx, ctx, invoice, payment, 'transaction_amount_changed')
        : await resizePayment(tx, ctx, invoice, payment, decimalToString(left), 'transaction_amount_changed');
      invoices.set(invoice.id, updated);
      excess = excess.minus(cut);
    }
    return;
  }
  let increase = smaller(decimal(amount).minus(previous), available.minus(used));
  for (const payment of payments) {
    if (increase.lte(0)) break;
    const invoice = invoices.get(payment.invoiceId)!;
    const owed = amountOwed(invoice);
    if (invoice.status !== 'issued' || owed.lte(0)) continue;
    const grow = smaller(increase, owed);
    invoices.set(invoice.id, await resizePayment(tx, ctx, invoice, payment, decimalToString(decimal(payment.amount).plus(grow)), 'transaction_amount_changed'));
    increase = increase.minus(grow);
  }
}
