import type { Transaction } from '@ai-service/db';
import { compareDecimals } from '@ai-service/money';
import { randomUUID } from 'node:crypto';
import type { FinancialContext } from '../../context.ts';
import { insertSuggestions, loadIncomingPayments, loadOpenInvoices, lockInvoices, transactionsWithPayments, type NewSuggestion } from '../../repositories/payments.ts';
import { amountOwed } from '../invoices/owed.ts';
import { applyPayment } from './applyPayment.ts';
import { planMatches, type IncomingPayment } from './planMatches.ts';

export type MatchOutcome = { paid: number; invoicesPaid: string[]; suggested: number };

const NOTHING: MatchOutcome = { paid: 0, invoicesPaid: [], suggested: 0 };

/**
 * Matches booked incoming transactions of one currency, just stored in the caller's transaction
 * (an ingest batch, a transaction entered by hand), with the tenant's open invoices: unambiguous
 * ones are recorded as payments (matched `auto`), the rest stored as suggestions (see planMatches).
 * `fresh` are new rows as written; `storedIds` are stored rows (pending ones just booked), read
 * only when there is an open invoice. Costs nothing without money in, and one query when the
 * tenant has no open invoice in the currency.
 */
export async function matchIncomingPayments(
  tx: Transaction,
  ctx: FinancialContext,
  currency: string,
  fresh: readonly IncomingPayment[],
  storedIds: readonly string[] = [],
): Promise<MatchOutcome> {
  const incoming = fresh.filter((payment) => payment.currency === currency && compareDecimals(payment.amount, '0') > 0);
  if (incoming.length === 0 && storedIds.length === 0) return NOTHING;
  const invoices = await loadOpenInvoices(tx, currency);
  if (invoices.length === 0) return NOTHING;
  const stored = (await loadIncomingPayments(tx, storedIds)).filter((payment) => payment.currency === currency && compareDecimals(payment.amount, '0') > 0);
  const candidates = [...incoming, ...stored];
  // A transaction that already pays something (a pending one matched by hand, then booked) is not used again.
  const used = await transactionsWithPayments(tx, candidates.map((payment) => payment.id));
  const plan = planMatches(candidates.filter((payment) => !used.has(payment.id)), invoices);

  const suggestions: NewSuggestion[] = plan.suggestions.map((suggestion) => ({ id: randomUUID(), tenantId: ctx.tenantId, createdAt: ctx.clock(), ...suggestion }));
  const locked = await lockInvoices(tx, [...new Set(plan.payments.map((payment) => payment.invoiceId))]);
  const outcome: MatchOutcome = { paid: 0, invoicesPaid: [], suggested: 0 };
  for (const planned of plan.payments) {
    const invoice = locked.get(planned.invoiceId);
    // The plan read the invoices without a lock: one paid, credited or voided since is left to a person.
    const owed = invoice ? amountOwed(invoice) : undefined;
    if (!invoice || invoice.status !== 'issued' || !owed || owed.lt(planned.amount)) {
      if (invoice?.status === 'issued') suggestions.push({ id: randomUUID(), tenantId: ctx.tenantId, createdAt: ctx.clock(), ...planned, reason: 'reference' });
      continue;
    }
    const applied = await applyPayment(tx, ctx, invoice, { ...planned, matchedBy: 'auto' });
    if (!applied) continue;
    locked.set(invoice.id, applied.invoice);
    outcome.paid += 1;
    if (applied.paid) outcome.invoicesPaid.push(invoice.id);
  }
  outcome.suggested = await insertSuggestions(tx, suggestions);
  return outcome;
}
