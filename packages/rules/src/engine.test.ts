import assert from 'node:assert/strict';
import { test } from 'node:test';
import { engine, entry, group, rule } from './test-fixtures/ledger.ts';

const groceries = { field: 'counterparty', op: 'equals', value: 'mercadona' } as const;
const outflow = { field: 'amount', op: 'outflow' } as const;
const large = { field: 'amount', op: 'lessThan', value: '-1000' } as const;

test('match all needs every condition, match any needs one', () => {
  const all = engine.compile([group('g', [rule('r', { match: 'all', conditions: [groceries, large], actions: [{ type: 'setCategory', value: 'c' }] })])]);
  const any = engine.compile([group('g', [rule('r', { match: 'any', conditions: [groceries, large], actions: [{ type: 'setCategory', value: 'c' }] })])]);
  const subject = entry({ amount: '-42.10' });
  assert.equal(engine.evaluate(all, subject).matches.length, 0);
  assert.equal(engine.evaluate(any, subject).matches.length, 1);
  assert.equal(engine.evaluate(any, entry({ counterparty: 'Lidl', amount: '-5' })).matches.length, 0);
});

test('the plan lists matched rules with their own changes and the net before/after; the subject is not mutated', () => {
  const set = engine.compile([
    group('g', [
      rule('category', { conditions: [groceries], actions: [{ type: 'setCategory', value: 'food' }] }),
      rule('tag', { conditions: [outflow], actions: [{ type: 'addTags', value: ['spent'] }] }),
    ]),
  ]);
  const subject = entry();
  const plan = engine.evaluate(set, subject);
  assert.deepEqual(
    plan.matches.map((match) => [match.ruleId, match.changes]),
    [
      ['category', [{ field: 'categoryId', before: null, after: 'food' }]],
      ['tag', [{ field: 'tags', before: [], after: ['spent'] }]],
    ],
  );
  assert.deepEqual(plan.changes, [
    { field: 'categoryId', before: null, after: 'food' },
    { field: 'tags', before: [], after: ['spent'] },
  ]);
  assert.equal(plan.result.categoryId, 'food');
  assert.equal(subject.categoryId, null);
  assert.deepEqual(subject.tags, []);
});

test('a rule that writes what is already there matches but changes nothing', () => {
  const set = engine.compile([group('g', [rule('r', { conditions: [groceries], actions: [{ type: 'setCategory', value: 'food' }] })])]);
  const subject = entry({ categoryId: 'food' });
  const plan = engine.evaluate(set, subject);
  assert.equal(plan.matches.length, 1);
  assert.deepEqual(plan.matches[0]?.changes, []);
  assert.deepEqual(plan.changes, []);
  assert.equal(plan.result, subject);
});

test('later actions and later rules override earlier ones for the same field', () => {
  const set = engine.compile([
    group('g', [
      rule('first', {
        conditions: [groceries],
        actions: [
          { type: 'setCategory', value: 'a' },
          { type: 'setCategory', value: 'b' },
          { type: 'setNotes', value: 'weekly shop' },
          { type: 'appendNotes', value: 'card' },
        ],
      }),
      rule('second', { conditions: [outflow], actions: [{ type: 'setCategory', value: 'c' }] }),
    ]),
  ]);
  const plan = engine.evaluate(set, entry());
  assert.equal(plan.result.categoryId, 'c');
  assert.equal(plan.result.notes, 'weekly shop\ncard');
  assert.deepEqual(plan.matches[1]?.changes, [{ field: 'categoryId', before: 'b', after: 'c' }]);
  assert.deepEqual(
    plan.changes.find((change) => change.field === 'categoryId'),
    { field: 'categoryId', before: null, after: 'c' },
  );
});

test('a later rule sees what an earlier rule changed', () => {
  const set = engine.compile([
    group('g', [
      rule('rename', { conditions: [{ field: 'description', op: 'contains', value: 'mercadona' }], actions: [{ type: 'setCounterparty', value: 'Mercadona S.A.' }] }),
      rule('by-name', { conditions: [{ field: 'counterparty', op: 'equals', value: 'Mercadona S.A.' }], actions: [{ type: 'setCategory', value: 'food' }] }),
    ]),
  ]);
  const plan = engine.evaluate(set, entry({ counterparty: null }));
  assert.deepEqual(plan.matches.map((match) => match.ruleId), ['rename', 'by-name']);
  assert.equal(plan.result.categoryId, 'food');
});

test('a changed field back to its original value is no net change', () => {
  const set = engine.compile([
    group('g', [
      rule('set', { conditions: [groceries], actions: [{ type: 'setCategory', value: 'x' }] }),
      rule('clear', { conditions: [groceries], actions: [{ type: 'clearCategory' }] }),
    ]),
  ]);
  const plan = engine.evaluate(set, entry());
  assert.equal(plan.matches.length, 2);
  assert.deepEqual(plan.changes, []);
});

test("a rule's stopProcessing ends its group; the next group still runs", () => {
  const set = engine.compile([
    group('first', [
      rule('stop', { conditions: [groceries], actions: [{ type: 'setCategory', value: 'food' }], stopProcessing: true }),
      rule('never', { conditions: [outflow], actions: [{ type: 'setCategory', value: 'other' }] }),
    ]),
    group('second', [rule('tags', { conditions: [outflow], actions: [{ type: 'addTags', value: ['x'] }] })]),
  ]);
  const plan = engine.evaluate(set, entry());
  assert.deepEqual(plan.matches.map((match) => match.ruleId), ['stop', 'tags']);
  assert.equal(plan.result.categoryId, 'food');
});

test("a group's stopProcessing ends the evaluation only when one of its rules matched", () => {
  const set = engine.compile([
    group('first', [rule('groceries', { conditions: [groceries], actions: [{ type: 'setCategory', value: 'food' }] })], { stopProcessing: true }),
    group('second', [rule('other', { conditions: [outflow], actions: [{ type: 'addTags', value: ['x'] }] })]),
  ]);
  assert.deepEqual(engine.evaluate(set, entry()).matches.map((match) => match.ruleId), ['groceries']);
  assert.deepEqual(engine.evaluate(set, entry({ counterparty: 'Lidl' })).matches.map((match) => match.ruleId), ['other']);
});

test('skip leaves the subject untouched, dropping earlier changes, and stops later rules', () => {
  const set = engine.compile([
    group('first', [rule('tag', { conditions: [outflow], actions: [{ type: 'addTags', value: ['x'] }] })]),
    group('second', [
      rule('skip', { conditions: [groceries], actions: [{ type: 'skip' }] }),
      rule('after', { conditions: [outflow], actions: [{ type: 'setCategory', value: 'other' }] }),
    ]),
  ]);
  const subject = entry();
  const plan = engine.evaluate(set, subject);
  assert.deepEqual(plan.skippedBy, { groupId: 'second', ruleId: 'skip' });
  assert.deepEqual(plan.matches.map((match) => [match.ruleId, match.changes]), [
    ['tag', []],
    ['skip', []],
  ]);
  assert.deepEqual(plan.changes, []);
  assert.equal(plan.result, subject);
  assert.equal(engine.evaluate(set, entry({ counterparty: 'Lidl' })).result.categoryId, 'other');
});

test('inactive rules and groups, and rules without the trigger, do not run', () => {
  const set = engine.compile([
    group('off', [rule('in-off-group', { conditions: [outflow], actions: [{ type: 'setCategory', value: 'a' }] })], { active: false }),
    group('on', [
      rule('inactive', { conditions: [outflow], actions: [{ type: 'setCategory', value: 'b' }], active: false }),
      rule('edit-only', { conditions: [outflow], actions: [{ type: 'setCategory', value: 'c' }], triggers: ['edit'] }),
      rule('ingest', { conditions: [outflow], actions: [{ type: 'addTags', value: ['new'] }], triggers: ['ingest', 'manual'] }),
    ]),
  ]);
  assert.deepEqual(engine.evaluate(set, entry(), { trigger: 'ingest' }).matches.map((match) => match.ruleId), ['ingest']);
  assert.deepEqual(engine.evaluate(set, entry(), { trigger: 'edit' }).matches.map((match) => match.ruleId), ['edit-only']);
  assert.deepEqual(engine.evaluate(set, entry()).matches.map((match) => match.ruleId), ['edit-only', 'ingest']);
});

test('evaluation is deterministic: the same rule set and subject give the same plan', () => {
  const set = engine.compile([group('g', [rule('r', { conditions: [groceries], actions: [{ type: 'appendNotes', value: 'x' }] })])]);
  const subject = entry({ notes: 'a' });
  assert.deepEqual(engine.evaluate(set, subject), engine.evaluate(set, subject));
});
