import type { Transaction } from '@ai-service/db';
import type { FinancialContext } from '../../context.ts';
import { lockInvoices, paymentsOfTransaction } from '../../repositories/payments.ts';
import { removePayment } from './removePayment.ts';

/**
 * A deleted transaction no longer pays anything: its payments are taken back (the invoices they
 * paid are open again). Its suggestions stop being listed on their own (the list reads live
 * transactions only). The caller holds the transaction's row lock.
 */
export async function releaseTransactionPayments(tx: Transaction, ctx: FinancialContext, transactionId: string): Promise<void> {
  const payments = await paymentsOfTransaction(tx, transactionId);
  if (payments.length === 0) return;
  const invoices = await lockInvoices(tx, payments.map((payment) => payment.invoiceId));
  for (const payment of payments) await removePayment(tx, ctx, invoices.get(payment.invoiceId)!, payment, 'transaction_deleted');
}
