import type { PaymentMatchKind, SuggestionReason, SuggestionStatus } from '../../db/schema/payments.ts';
import { formatMoney } from '../../money.ts';
import type { PaymentRow, SuggestionListRow } from '../../repositories/payments.ts';

export type InvoicePaymentView = {
  id: string;
  invoiceId: string;
  transactionId: string;
  amount: string;
  currency: string;
  matchedBy: PaymentMatchKind;
  createdAt: Date;
};

export const toPaymentView = (row: PaymentRow, currency: string): InvoicePaymentView => ({
  id: row.id,
  invoiceId: row.invoiceId,
  transactionId: row.transactionId,
  amount: formatMoney(row.amount, currency),
  currency,
  matchedBy: row.matchedBy,
  createdAt: row.createdAt,
});

export type PaymentSuggestionView = {
  id: string;
  status: SuggestionStatus;
  reason: SuggestionReason;
  /** What accepting it records as paid (at most what the invoice still owes). */
  amount: string;
  currency: string;
  createdAt: Date;
  invoice: { id: string; number: string; clientId: string; total: string; amountDue: string };
  transaction: { id: string; bookingDate: string; amount: string; description: string; counterparty: string | null };
};

export function toSuggestionView(row: SuggestionListRow): PaymentSuggestionView {
  const money = (amount: string) => formatMoney(amount, row.invoiceCurrency);
  const amountDue = money(row.invoiceRemaining);
  return {
    id: row.id,
    status: row.status,
    reason: row.reason,
    amount: money(row.amount),
    currency: row.invoiceCurrency,
    createdAt: row.createdAt,
    invoice: { id: row.invoiceId, number: row.invoiceNumber, clientId: row.clientId, total: money(row.invoiceTotal), amountDue },
    transaction: {
      id: row.transactionId,
      bookingDate: row.transactionDate,
      amount: money(row.transactionAmount),
      description: row.transactionDescription,
      counterparty: row.transactionCounterparty,
    },
  };
}
