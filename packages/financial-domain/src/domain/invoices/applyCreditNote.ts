import type { Transaction } from '@ai-service/db';
import { decimal, decimalToString } from '@ai-service/money';
import { audit } from '../../audit.ts';
import type { FinancialContext } from '../../context.ts';
import { FinancialError, invalidInput } from '../../errors.ts';
import { formatMoney } from '../../money.ts';
import { findInvoice, type InvoiceRow } from '../../repositories/invoices.ts';
import { settleInvoice } from '../payments/settleInvoice.ts';
import { amountOwed } from './owed.ts';

/**
 * Takes a credit note being issued (locked by the caller) off what its invoice owes: locks the
 * invoice, refuses more than it still owes after its payments and earlier credit notes (on
 * `lines`, what the credit note's total comes from), and settles it — paid when the credit covers
 * the rest of a paid-in-part invoice. In the issuing transaction, before the number is taken.
 */
export async function applyCreditNote(tx: Transaction, ctx: FinancialContext, note: InvoiceRow): Promise<void> {
  const invoice = await findInvoice(tx, note.creditedInvoiceId!, { forUpdate: true });
  if (!invoice || (invoice.status !== 'issued' && invoice.status !== 'paid')) {
    throw new FinancialError('conflict', `The credited invoice is ${invoice?.status ?? 'gone'}; only an issued invoice can be credited.`, { details: { status: invoice?.status ?? null } });
  }
  const credit = decimal(note.total).neg();
  const owed = amountOwed(invoice);
  if (credit.gt(owed)) {
    const money = (amount: string) => `${formatMoney(amount, invoice.currency)} ${invoice.currency}`;
    throw invalidInput('lines', `The credit note credits ${money(decimalToString(credit))}, more than invoice ${invoice.number} still owes (${money(decimalToString(owed))}).`);
  }
  const amountCredited = decimalToString(decimal(invoice.amountCredited).plus(credit));
  const { paid } = await settleInvoice(tx, ctx, invoice, { amountCredited, transactionId: null });
  await audit(tx, ctx, {
    type: 'InvoiceCredited',
    aggregateType: 'invoice',
    aggregateId: invoice.id,
    payload: { creditNoteId: note.id, amount: decimalToString(credit), amountCredited, paid },
  });
}
