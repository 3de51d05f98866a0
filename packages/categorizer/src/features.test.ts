import assert from 'node:assert/strict';
import { test } from 'node:test';
import { termCounts, words } from './features.ts';

test('words drop card numbers, dates and references but keep names', () => {
  assert.deepEqual(words('COMPRA TARJ. 5540XXXXXX1234 MERCADONA 12/03/2024 REF0042'), ['compra', 'tarj', 'mercadona']);
  assert.deepEqual(words('Café Müller 7eleven'), ['cafe', 'muller', '7eleven']);
});

test('the counterparty is a feature of its own as well as words', () => {
  const counts = termCounts({ description: 'CARD PAYMENT', counterparty: 'Bar Casa Pepe' });
  assert.ok(counts.has('c:bar casa pepe'));
  assert.ok(counts.has('w:pepe'));
  assert.ok(counts.has('g:pepe'));
  assert.equal(termCounts({ description: 'CARD PAYMENT', counterparty: null }).has('c:'), false);
});
