import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HistoryEntry } from '../../repositories/categoryHistory.ts';
import { historyWinners } from './counterpartyMemory.ts';

/** History entries newest first: `order` compares like (booking date, created at, id) descending. */
const entries = (categories: string[], prefix = 'x'): HistoryEntry[] =>
  categories.map((categoryId, index) => ({ id: `${prefix}${index}`, categoryId, order: `2025-01-${String(28 - index).padStart(2, '0')}` }));

test('a category used 3 times among the 5 latest of the counterparty wins; fewer, nothing', () => {
  const byName = new Map([
    ['bar pepe', entries(['eat', 'eat', 'food', 'eat', 'food', 'food', 'food'])],
    ['shop', entries(['a', 'b', 'a', 'c', 'b'])],
  ]);
  const winners = historyWinners(
    [
      { id: 't1', counterpartyId: null, counterpartyKey: 'bar pepe' },
      { id: 't2', counterpartyId: null, counterpartyKey: 'shop' },
      { id: 't3', counterpartyId: null, counterpartyKey: null },
    ],
    { byCounterpartyId: new Map(), byName },
    5,
    3,
  );
  assert.deepEqual([...winners], [['t1', 'eat']], 'the sixth and seventh are outside the window; no majority for the shop');
});

test('a transaction does not vote for itself: the next latest takes its place', () => {
  const byName = new Map([['bar pepe', [{ id: 'self', categoryId: 'food', order: '9' }, ...entries(['eat', 'eat', 'eat', 'food', 'food'])]]]);
  const subject = { id: 'self', counterpartyId: null, counterpartyKey: 'bar pepe' };
  assert.deepEqual([...historyWinners([subject], { byCounterpartyId: new Map(), byName }, 5, 3)], [['self', 'eat']]);
});

test('the linked counterparty and the written name count together, newest first, each transaction once', () => {
  const entry = (id: string, categoryId: string, order: string): HistoryEntry => ({ id, categoryId, order });
  const winnerOf = (byCounterpartyId: Map<string, HistoryEntry[]>, byName: Map<string, HistoryEntry[]>) =>
    historyWinners([{ id: 't', counterpartyId: 'cp-1', counterpartyKey: 'repsol' }], { byCounterpartyId, byName }, 5, 3).get('t');
  const byLink = new Map([['cp-1', [entry('c1', 'shop', '2025-02-05'), entry('c2', 'shop', '2025-02-04'), entry('c3', 'shop', '2025-02-03')]]]);
  const byName = new Map([['repsol', [entry('n1', 'fuel', '2025-02-01'), entry('n2', 'fuel', '2025-01-31'), entry('n3', 'fuel', '2025-01-30')]]]);
  assert.equal(winnerOf(byLink, byName), 'shop', 'the three newest are the linked ones');
  assert.equal(winnerOf(new Map(), byName), 'fuel');

  // "both" is linked and named: it votes once, so fuel has 2 of the 5 latest.
  const both = entry('both', 'fuel', '2025-02-01');
  const named = [both, entry('n1', 'fuel', '2025-01-31'), entry('n2', 'shop', '2025-01-30'), entry('n3', 'shop', '2025-01-29'), entry('n4', 'shop', '2025-01-28')];
  assert.equal(winnerOf(new Map([['cp-1', [both]]]), new Map([['repsol', named]])), 'shop');
});
