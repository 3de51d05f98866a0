import type { Transaction } from '@ai-service/db';
import { decimal, decimalToString } from '@ai-service/money';
import type { FinancialContext } from '../../context.ts';
import { FinancialError, invalidInput, notFound } from '../../errors.ts';
import { parseAmount } from '../../money.ts';
import { findInvoice } from '../../repositories/invoices.ts';
import { acceptSuggestionOfPair, amountUsedByTransaction } from '../../repositories/payments.ts';
import { findLiveTransaction } from '../../repositories/transactions.ts';
import { amountOwed } from '../invoices/owed.ts';
import { applyPayment, type AppliedPayment } from './applyPayment.ts';

export type ManualPaymentInput = { invoiceId: string; transactionId: string; amount?: string | undefined };

/**
 * Records a payment a person chose (directly or by accepting a suggestion), after the checks
 * matching does on its own: an issued invoice that still owes something (after its credit notes), a live incoming transaction in its currency, an
 * amount (by default all that is left of both) within what the invoice owes and what the
 * transaction has not paid yet. Locks the invoice and the transaction, so concurrent payments of
 * either cannot overspend them. An open suggestion of the same pair counts as accepted.
 */
export async function recordManualPayment(tx: Transaction, ctx: FinancialContext, input: ManualPaymentInput): Promise<AppliedPayment> {
  // Transaction before invoice, the order deleteTransaction locks them in, so the two cannot deadlock.
  const transaction = await findLiveTransaction(tx, input.transactionId, { forUpdate: true });
  const invoice = await findInvoice(tx, input.invoiceId, { forUpdate: true });
  if (!invoice || invoice.kind !== 'invoice') throw notFound('invoice', input.invoiceId);
  if (invoice.status !== 'issued') throw new FinancialError('conflict', `Invoice ${invoice.number ?? invoice.id} is ${invoice.status}; only an issued invoice takes payments.`);
  if (!transaction) throw invalidInput('transactionId', `No transaction ${input.transactionId} in this tenant.`);
  if (decimal(transaction.amount).lte(0)) throw invalidInput('transactionId', 'Only money in (a positive amount) can pay an invoice.');
  if (transaction.currency !== invoice.currency) throw invalidInput('transactionId', `The transaction is in ${transaction.currency}, the invoice in ${invoice.currency}.`);

  const owed = amountOwed(invoice);
  if (owed.lte(0)) throw new FinancialError('conflict', `Invoice ${invoice.number ?? invoice.id} owes nothing: its credit notes cover it.`);
  const available = decimal(transaction.amount).minus(await amountUsedByTransaction(tx, transaction.id));
  if (available.lte(0)) throw new FinancialError('conflict', 'The transaction has already paid its whole amount to invoices.');
  const amount = input.amount === undefined ? decimalToString(owed.lt(available) ? owed : available) : parseAmount('amount', input.amount, invoice.currency, 'positive');
  if (decimal(amount).gt(owed)) throw invalidInput('amount', `amount is more than the invoice still owes (${decimalToString(owed)}).`);
  if (decimal(amount).gt(available)) throw invalidInput('amount', `amount is more than the transaction has left (${decimalToString(available)}).`);

  const applied = await applyPayment(tx, ctx, invoice, { transactionId: transaction.id, amount, matchedBy: 'manual' });
  if (!applied) throw new FinancialError('conflict', 'This transaction is already recorded as a payment of this invoice.');
  await acceptSuggestionOfPair(tx, invoice.id, transaction.id, ctx.clock(), ctx.actorId);
  return applied;
}
