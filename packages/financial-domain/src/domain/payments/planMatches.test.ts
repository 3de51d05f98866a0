import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planMatches, type IncomingPayment, type OpenInvoice } from './planMatches.ts';

const invoice = (id: string, number: string, remaining: string, overrides: Partial<OpenInvoice> = {}): OpenInvoice => ({
  id,
  number,
  currency: 'EUR',
  total: remaining,
  remaining,
  clientId: `client-${id}`,
  clientName: 'Acme GmbH',
  clientIban: null,
  ...overrides,
});

const payment = (id: string, amount: string, description: string, overrides: Partial<IncomingPayment> = {}): IncomingPayment => ({
  id,
  amount,
  currency: 'EUR',
  description,
  notes: null,
  counterpartyName: null,
  counterpartyId: null,
  ...overrides,
});

test('an invoice number written with other separators or case is found; a longer number is not', () => {
  const invoices = [invoice('a', 'INV-2026-0001', '100.00'), invoice('b', 'INV-2026-1', '100.00')];
  assert.deepEqual(planMatches([payment('t1', '100.00', 'Payment inv 2026/0001 thanks')], invoices).payments, [{ transactionId: 't1', invoiceId: 'a', amount: '100' }]);
  assert.deepEqual(planMatches([payment('t2', '100.00', 'RE INV20261 ')], invoices).payments, [{ transactionId: 't2', invoiceId: 'b', amount: '100' }]);
  const longer = planMatches([payment('t3', '100.00', 'INV-2026-17')], invoices);
  assert.equal(longer.payments.length, 0);
});

test('the reference may be in the notes or the counterparty text', () => {
  const invoices = [invoice('a', 'A-7', '50')];
  assert.equal(planMatches([payment('t', '50', '', { notes: 'ref a-7' })], invoices).payments.length, 1);
  assert.equal(planMatches([payment('t', '50', '', { counterpartyName: 'Acme A 7' })], invoices).payments.length, 1);
});

test('partial payments in one batch are subtracted; the one exceeding what is owed becomes a suggestion', () => {
  const plan = planMatches([payment('t1', '60', 'INV-9'), payment('t2', '40', 'INV-9'), payment('t3', '1', 'INV-9')], [invoice('a', 'INV-9', '100')]);
  assert.deepEqual(plan.payments.map((p) => p.transactionId), ['t1', 't2']);
  assert.deepEqual(plan.suggestions, []);
});

test('more than owed, two invoices named, or a different currency are never automatic', () => {
  const invoices = [invoice('a', 'INV-1', '100'), invoice('b', 'INV-2', '100'), invoice('c', 'INV-3', '100', { currency: 'USD' })];
  const plan = planMatches([payment('over', '150', 'INV-1'), payment('two', '200', 'INV-1 INV-2'), payment('usd', '99', 'INV-3')], invoices);
  assert.deepEqual(plan.payments, []);
  assert.deepEqual(
    plan.suggestions.map((s) => [s.transactionId, s.invoiceId, s.reason, s.amount]),
    [
      ['over', 'a', 'reference', '100'],
      ['two', 'a', 'reference', '100'],
      ['two', 'b', 'reference', '100'],
    ],
  );
});

test('without a number, the exact amount owed is suggested: the client\'s invoices when it is named, else a few at most', () => {
  const invoices = [invoice('a', 'INV-1', '80', { clientName: 'Acme GmbH', clientIban: 'DE89370400440532013000' }), invoice('b', 'INV-2', '80.00', { clientName: 'Other' })];
  const plan = planMatches([payment('iban', '80', 'from DE89 3704 0044 0532 0130 00'), payment('anon', '80.00', 'transfer'), payment('n', '79', 'nothing')], invoices);
  assert.deepEqual(plan.payments, []);
  assert.deepEqual(plan.suggestions.map((s) => [s.transactionId, s.invoiceId, s.reason]), [
    ['iban', 'a', 'amount_and_client'],
    ['anon', 'a', 'amount'],
    ['anon', 'b', 'amount'],
  ]);
  const many = ['c', 'd', 'e', 'f'].map((id) => invoice(id, `X-${id}`, '80'));
  assert.deepEqual(planMatches([payment('anon', '80', 'transfer')], many).suggestions, [], 'four invoices of the same amount tell nothing apart');
});

test('money out and an empty invoice list plan nothing', () => {
  assert.deepEqual(planMatches([payment('t', '-100', 'INV-1')], [invoice('a', 'INV-1', '100')]), { payments: [], suggestions: [] });
  assert.deepEqual(planMatches([payment('t', '100', 'INV-1')], []), { payments: [], suggestions: [] });
});
