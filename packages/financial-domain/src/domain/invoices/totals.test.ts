import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeTotals, lineNet, type PricedLine } from './totals.ts';

const line = (quantity: string, unitPrice: string, taxRate: string, discountPercent = '0'): PricedLine => ({ quantity, unitPrice, taxRate, discountPercent });

test('a line net is rounded half-up to the minor unit once: 3 × 0.333 = 0.999 → 1.00', () => {
  assert.equal(lineNet(line('3', '0.333', '19'), 'EUR'), '1');
  assert.equal(lineNet(line('1', '0.335', '7'), 'EUR'), '0.34');
  assert.equal(lineNet(line('1', '0.3349', '7'), 'EUR'), '0.33');
});

test('tax is computed per rate group on the sum of the rounded line nets, not per line', () => {
  // Per line, each 0.05 × 10 % = 0.005 would round to 0.01, three times 0.03; per group 0.15 × 10 % = 0.015 → 0.02.
  const totals = computeTotals([line('1', '0.05', '10'), line('1', '0.05', '10'), line('1', '0.05', '10')], '0', 'EUR');
  assert.deepEqual(totals.taxBreakdown, [{ rate: '10', net: '0.15', tax: '0.02' }]);
  assert.equal(totals.total, '0.17');
});

test('19 % and 7 % lines: a breakdown per rate that adds up to the printed totals', () => {
  const totals = computeTotals([line('3', '0.333', '19'), line('1', '0.335', '7'), line('2', '0.125', '7')], '0', 'EUR');
  assert.deepEqual(totals.lineNets, ['1', '0.34', '0.25']);
  assert.deepEqual(totals.taxBreakdown, [
    { rate: '7', net: '0.59', tax: '0.04' },
    { rate: '19', net: '1', tax: '0.19' },
  ]);
  assert.equal(totals.subtotal, '1.59');
  assert.equal(totals.netTotal, '1.59');
  assert.equal(totals.taxTotal, '0.23');
  assert.equal(totals.total, '1.82');
});

test('a line discount of 33.333 % is applied before rounding the line', () => {
  const totals = computeTotals([line('1', '100', '21', '33.333')], '0', 'EUR');
  assert.deepEqual(totals.lineNets, ['66.67']);
  assert.deepEqual(totals.taxBreakdown, [{ rate: '21', net: '66.67', tax: '14' }]);
  assert.equal(totals.total, '80.67');
});

test('an invoice discount of 33.333 % is taken off each rate group, rounded per group', () => {
  const totals = computeTotals([line('1', '10', '19'), line('3', '0.333', '7')], '33.333', 'EUR');
  // 19 %: 10.00 − 3.3333 → 3.33 = 6.67, tax 1.2673 → 1.27; 7 %: 1.00 − 0.33333 → 0.33 = 0.67, tax 0.0469 → 0.05.
  assert.deepEqual(totals.taxBreakdown, [
    { rate: '7', net: '0.67', tax: '0.05' },
    { rate: '19', net: '6.67', tax: '1.27' },
  ]);
  assert.equal(totals.subtotal, '11');
  assert.equal(totals.discountAmount, '3.66');
  assert.equal(totals.netTotal, '7.34');
  assert.equal(totals.taxTotal, '1.32');
  assert.equal(totals.total, '8.66');
});

test('the currency decides the minor unit: JPY has none, BHD has three', () => {
  assert.equal(computeTotals([line('1', '333.5', '10')], '0', 'JPY').total, '367');
  assert.equal(computeTotals([line('3', '0.3333', '10')], '0', 'BHD').total, '1.1');
});

test('a credit note mirrors its invoice exactly: half-up rounds away from zero', () => {
  const invoice = computeTotals([line('3', '0.333', '19'), line('1', '0.335', '7')], '33.333', 'EUR');
  const credit = computeTotals([line('-3', '0.333', '19'), line('-1', '0.335', '7')], '33.333', 'EUR');
  assert.equal(credit.total, `-${invoice.total}`);
  assert.deepEqual(
    credit.taxBreakdown.map((group) => group.tax),
    invoice.taxBreakdown.map((group) => (group.tax === '0' ? '0' : `-${group.tax}`)),
  );
});

test('no lines: every total is zero and the breakdown is empty', () => {
  assert.deepEqual(computeTotals([], '10', 'EUR'), { lineNets: [], subtotal: '0', discountAmount: '0', netTotal: '0', taxTotal: '0', total: '0', taxBreakdown: [] });
});
