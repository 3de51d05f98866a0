import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entry, holds } from './test-fixtures/ledger.ts';

const on = (field: string, op: string, value?: unknown, extra: Record<string, unknown> = {}) => ({
  field,
  op,
  ...(value === undefined ? {} : { value }),
  ...extra,
});

test('string operators are case-insensitive by default', () => {
  const subject = entry({ description: 'Card payment MERCADONA Valencia' });
  assert.equal(holds(on('description', 'equals', 'card payment mercadona valencia'), subject), true);
  assert.equal(holds(on('description', 'equals', 'card payment'), subject), false);
  assert.equal(holds(on('description', 'contains', 'mercadona'), subject), true);
  assert.equal(holds(on('description', 'contains', 'lidl'), subject), false);
  assert.equal(holds(on('description', 'startsWith', 'CARD PAY'), subject), true);
  assert.equal(holds(on('description', 'startsWith', 'payment'), subject), false);
  assert.equal(holds(on('description', 'endsWith', 'valencia'), subject), true);
  assert.equal(holds(on('description', 'endsWith', 'card'), subject), false);
  assert.equal(holds(on('description', 'regex', '^card\\s+payment\\s+\\w+'), subject), true);
  assert.equal(holds(on('description', 'regex', '^mercadona'), subject), false);
  assert.equal(holds(on('counterparty', 'oneOf', ['LIDL', 'mercadona']), subject), true);
  assert.equal(holds(on('counterparty', 'oneOf', ['Lidl', 'Aldi']), subject), false);
});

test('caseSensitive makes string operators exact', () => {
  const subject = entry({ description: 'Card payment MERCADONA' });
  assert.equal(holds(on('description', 'contains', 'mercadona', { caseSensitive: true }), subject), false);
  assert.equal(holds(on('description', 'contains', 'MERCADONA', { caseSensitive: true }), subject), true);
  assert.equal(holds(on('description', 'regex', 'mercadona$', { caseSensitive: true }), subject), false);
  assert.equal(holds(on('counterparty', 'oneOf', ['mercadona'], { caseSensitive: true }), subject), false);
});

test('accents compare the same whether composed or decomposed', () => {
  const decomposed = 'Cafe\u0301 Central';
  assert.equal(holds(on('description', 'contains', 'CAFÉ'), entry({ description: decomposed })), true);
});

test('isEmpty and negation; a missing value matches only isEmpty and negated operators', () => {
  const empty = entry({ notes: null, counterparty: '' });
  assert.equal(holds(on('notes', 'isEmpty'), empty), true);
  assert.equal(holds(on('counterparty', 'isEmpty'), empty), true);
  assert.equal(holds(on('notes', 'isEmpty', undefined, { not: true }), empty), false);
  assert.equal(holds(on('notes', 'contains', 'x'), empty), false);
  assert.equal(holds(on('notes', 'contains', 'x', { not: true }), empty), true);
  assert.equal(holds(on('notes', 'regex', '.*'), empty), false);

  const subject = entry({ description: 'Netflix subscription' });
  for (const [op, value] of [
    ['equals', 'netflix subscription'],
    ['contains', 'flix'],
    ['startsWith', 'netflix'],
    ['endsWith', 'subscription'],
    ['regex', 'net.lix'],
    ['oneOf', ['netflix subscription']],
  ] as const) {
    assert.equal(holds(on('description', op, value), subject), true, op);
    assert.equal(holds(on('description', op, value, { not: true }), subject), false, `not ${op}`);
  }
});

test('decimal comparisons are exact, never floating point', () => {
  // 0.1 + 0.2 !== 0.3 in floating point; the bank writes 0.3 and the rule says 0.30.
  assert.equal(holds(on('amount', 'equals', '0.30'), entry({ amount: '0.3' })), true);
  assert.equal(holds(on('amount', 'equals', '0.3'), entry({ amount: '0.30000000000000004' })), false);
  assert.equal(holds(on('amount', 'greaterThan', '0.3'), entry({ amount: '0.30000000000000004' })), true);
  // Beyond 2^53, floats cannot tell these apart.
  assert.equal(holds(on('amount', 'greaterThan', '9007199254740993'), entry({ amount: '9007199254740993.01' })), true);
  assert.equal(holds(on('amount', 'equals', '9007199254740993'), entry({ amount: '9007199254740992' })), false);
});

test('decimal operators: =, <, >, <=, >=, between, inflow, outflow, absolute and negation', () => {
  const outflow = entry({ amount: '-100.00' });
  const inflow = entry({ amount: '2500' });
  const zero = entry({ amount: '0' });
  assert.equal(holds(on('amount', 'lessThan', '-99.99'), outflow), true);
  assert.equal(holds(on('amount', 'lessThan', '-100'), outflow), false);
  assert.equal(holds(on('amount', 'lessOrEqual', '-100'), outflow), true);
  assert.equal(holds(on('amount', 'greaterThan', '-100'), outflow), false);
  assert.equal(holds(on('amount', 'greaterOrEqual', '-100'), outflow), true);
  assert.equal(holds(on('amount', 'greaterOrEqual', '2500.01'), inflow), false);
  assert.equal(holds(on('amount', 'between', { from: '-100', to: '-50' }), outflow), true);
  assert.equal(holds(on('amount', 'between', { from: '-99.99', to: '-50' }), outflow), false);
  assert.equal(holds(on('amount', 'between', { from: '-100', to: '-50' }, { not: true }), outflow), false);
  assert.equal(holds(on('amount', 'inflow'), inflow), true);
  assert.equal(holds(on('amount', 'inflow'), outflow), false);
  assert.equal(holds(on('amount', 'outflow'), outflow), true);
  assert.equal(holds(on('amount', 'outflow', undefined, { not: true }), outflow), false);
  assert.equal(holds(on('amount', 'inflow'), zero), false);
  assert.equal(holds(on('amount', 'outflow'), zero), false);
  // Absolute: "more than 50 either way" without two rules.
  assert.equal(holds(on('amount', 'greaterThan', '50', { absolute: true }), outflow), true);
  assert.equal(holds(on('amount', 'greaterThan', '50'), outflow), false);
  assert.equal(holds(on('amount', 'between', { from: '99', to: '101' }, { absolute: true }), outflow), true);
});

test('id operators compare exactly', () => {
  const subject = entry({ currency: 'EUR', accountId: 'acc-1' });
  assert.equal(holds(on('currency', 'equals', 'EUR'), subject), true);
  assert.equal(holds(on('currency', 'equals', 'eur'), subject), false);
  assert.equal(holds(on('currency', 'equals', 'EUR', { not: true }), subject), false);
  assert.equal(holds(on('accountId', 'oneOf', ['acc-2', 'acc-1']), subject), true);
  assert.equal(holds(on('accountId', 'oneOf', ['acc-2']), subject), false);
  assert.equal(holds(on('accountId', 'isEmpty'), subject), false);
  assert.equal(holds(on('accountId', 'isEmpty'), entry({ accountId: '' })), true);
});

test('date operators: equals, before, after, between (inclusive), day of month', () => {
  const subject = entry({ bookingDate: '2025-03-15' });
  assert.equal(holds(on('bookingDate', 'equals', '2025-03-15'), subject), true);
  assert.equal(holds(on('bookingDate', 'before', '2025-03-15'), subject), false);
  assert.equal(holds(on('bookingDate', 'before', '2025-03-16'), subject), true);
  assert.equal(holds(on('bookingDate', 'after', '2025-03-15'), subject), false);
  assert.equal(holds(on('bookingDate', 'after', '2024-12-31'), subject), true);
  assert.equal(holds(on('bookingDate', 'between', { from: '2025-03-15', to: '2025-03-15' }), subject), true);
  assert.equal(holds(on('bookingDate', 'between', { from: '2025-03-16', to: '2025-04-01' }), subject), false);
  assert.equal(holds(on('bookingDate', 'dayOfMonth', 15), subject), true);
  assert.equal(holds(on('bookingDate', 'dayOfMonth', 1), subject), false);
  assert.equal(holds(on('bookingDate', 'dayOfMonth', 1, { not: true }), subject), true);
  assert.equal(holds(on('bookingDate', 'equals', '2025-03-15'), entry({ bookingDate: '2025-03-15T23:30:00Z' })), true);
});

test('list operators: includes (case-insensitive) and isEmpty', () => {
  const tagged = entry({ tags: ['Holiday', 'shared'] });
  assert.equal(holds(on('tags', 'includes', 'holiday'), tagged), true);
  assert.equal(holds(on('tags', 'includes', 'holiday', { caseSensitive: true }), tagged), false);
  assert.equal(holds(on('tags', 'includes', 'work'), tagged), false);
  assert.equal(holds(on('tags', 'includes', 'work', { not: true }), tagged), true);
  assert.equal(holds(on('tags', 'isEmpty'), tagged), false);
  assert.equal(holds(on('tags', 'isEmpty'), entry({ tags: [] })), true);
});

test('a pattern that backtracks catastrophically in RegExp runs in linear time', () => {
  // With JavaScript's RegExp this takes about 2^40 steps and would hang the test run.
  const subject = entry({ description: `${'a'.repeat(40)}!` });
  assert.equal(holds(on('description', 'regex', '^(a+)+$'), subject), false);
  assert.equal(holds(on('description', 'regex', '(a|aa)+!'), subject), true);
});
