import { compareDecimals, decimal, decimalToString } from '@ai-service/money';

/** An incoming (positive) bank transaction as matching reads it. */
export type IncomingPayment = {
  id: string;
  amount: string;
  currency: string;
  description: string;
  notes: string | null;
  counterpartyName: string | null;
  counterpartyId: string | null;
};

/** An issued invoice that is not fully paid, with what is still owed. */
export type OpenInvoice = {
  id: string;
  number: string;
  currency: string;
  total: string;
  /** total minus the payments recorded so far. */
  remaining: string;
  clientId: string;
  clientName: string;
  clientIban: string | null;
};

/** Why a transaction and an invoice were paired: the invoice number in its texts, or the amount owed (with the client when named). */
export type MatchReason = 'reference' | 'amount_and_client' | 'amount';

export type PlannedPayment = { transactionId: string; invoiceId: string; amount: string };
export type PlannedSuggestion = { transactionId: string; invoiceId: string; amount: string; reason: MatchReason };

export type MatchPlan = { payments: PlannedPayment[]; suggestions: PlannedSuggestion[] };

/** Texts are compared in upper case with runs of non-alphanumerics as one space. */
const fold = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]+/g, ' ').trim();

/** Canonical decimal text, so equal amounts are equal keys ("100.0000" and "100.00" → "100"). */
const canonical = (amount: string) => decimalToString(decimal(amount));

/** More invoices than this owing exactly a payment's amount, with nothing else to tell them apart, is noise rather than a suggestion. */
export const MAX_AMOUNT_SUGGESTIONS = 3;

/**
 * The invoice number as it may be written in a bank reference: the same letters and digits in
 * order, with or without separators ("INV-2026-0007" matches "inv 2026/0007" and "INV20260007"),
 * not inside a longer word or number ("INV-2026-1" does not match "INV-2026-17").
 */
function numberPattern(compact: string): RegExp {
  return new RegExp(`(?<![A-Z0-9])${[...compact].join(' ?')}(?![A-Z0-9])`);
}

const paymentText = (payment: IncomingPayment) => fold([payment.description, payment.notes ?? '', payment.counterpartyName ?? ''].join(' '));

function namesClient(payment: IncomingPayment, invoice: OpenInvoice, compactText: string): boolean {
  if (payment.counterpartyId !== null && payment.counterpartyId === invoice.clientId) return true;
  const name = fold(invoice.clientName);
  if (name !== '' && payment.counterpartyName !== null && fold(payment.counterpartyName) === name) return true;
  const iban = invoice.clientIban ? invoice.clientIban.toUpperCase().replace(/[^A-Z0-9]/g, '') : '';
  return iban !== '' && compactText.includes(iban);
}

type Candidate = { invoice: OpenInvoice; compact: string; pattern: RegExp | null; remaining: string };

/**
 * Pairs incoming transactions with open invoices of the same currency, in order, each transaction
 * at most once. A payment is recorded automatically only when it is unambiguous: its texts name
 * exactly one open invoice and it does not exceed what that invoice still owes (a smaller amount
 * is a partial payment). Everything else that fits becomes a suggestion for a person to accept:
 * several invoices named, or more than owed (reason `reference`); no number but exactly the
 * amount owed: the invoices whose client the transaction names (link, name or IBAN;
 * `amount_and_client`), else, when there are at most MAX_AMOUNT_SUGGESTIONS, all of them (`amount`).
 * `invoices` is not changed; what earlier transactions of the batch paid is subtracted as it goes.
 *
 * Sized for a 100,000-row import against a few hundred open invoices: numbers are first looked
 * for as plain substrings of the text without spaces (the pattern only confirms a hit), and
 * amounts through an index by what is owed.
 */
export function planMatches(payments: readonly IncomingPayment[], invoices: readonly OpenInvoice[]): MatchPlan {
  const plan: MatchPlan = { payments: [], suggestions: [] };
  if (invoices.length === 0) return plan;
  const byCurrency = new Map<string, Candidate[]>();
  const owing = new Map<string, Candidate[]>();
  const owingKey = (currency: string, remaining: string) => `${currency} ${canonical(remaining)}`;
  for (const invoice of invoices) {
    const compact = invoice.number.toUpperCase().replace(/[^A-Z0-9]/g, '');
    const candidate = { invoice, compact, pattern: compact === '' ? null : numberPattern(compact), remaining: canonical(invoice.remaining) };
    if (compareDecimals(candidate.remaining, '0') <= 0) continue;
    byCurrency.set(invoice.currency, [...(byCurrency.get(invoice.currency) ?? []), candidate]);
    const key = owingKey(invoice.currency, candidate.remaining);
    owing.set(key, [...(owing.get(key) ?? []), candidate]);
  }
  const pay = (candidate: Candidate, amount: string) => {
    const key = owingKey(candidate.invoice.currency, candidate.remaining);
    owing.set(key, owing.get(key)!.filter((other) => other !== candidate));
    candidate.remaining = decimalToString(decimal(candidate.remaining).minus(amount));
    if (compareDecimals(candidate.remaining, '0') > 0) {
      const next = owingKey(candidate.invoice.currency, candidate.remaining);
      owing.set(next, [...(owing.get(next) ?? []), candidate]);
    } else {
      byCurrency.set(candidate.invoice.currency, byCurrency.get(candidate.invoice.currency)!.filter((other) => other !== candidate));
    }
  };

  for (const payment of payments) {
    const amount = canonical(payment.amount);
    if (compareDecimals(amount, '0') <= 0) continue;
    const text = paymentText(payment);
    const compactText = text.replace(/ /g, '');
    const named = (byCurrency.get(payment.currency) ?? []).filter((candidate) => candidate.pattern !== null && compactText.includes(candidate.compact) && candidate.pattern.test(text));
    const suggest = (candidate: Candidate, reason: MatchReason) =>
      plan.suggestions.push({ transactionId: payment.id, invoiceId: candidate.invoice.id, amount: minimum(amount, candidate.remaining), reason });

    const [only] = named;
    if (named.length === 1 && only && compareDecimals(amount, only.remaining) <= 0) {
      plan.payments.push({ transactionId: payment.id, invoiceId: only.invoice.id, amount });
      pay(only, amount);
      continue;
    }
    if (named.length > 0) {
      for (const candidate of named) suggest(candidate, 'reference');
      continue;
    }
    const exact = owing.get(owingKey(payment.currency, amount)) ?? [];
    const client = exact.filter((candidate) => namesClient(payment, candidate.invoice, compactText));
    if (client.length > 0) for (const candidate of client) suggest(candidate, 'amount_and_client');
    else if (exact.length <= MAX_AMOUNT_SUGGESTIONS) for (const candidate of exact) suggest(candidate, 'amount');
  }
  return plan;
}

const minimum = (a: string, b: string) => (compareDecimals(a, b) <= 0 ? a : b);
