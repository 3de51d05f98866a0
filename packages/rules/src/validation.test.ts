import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { createRulesEngine, MAX_PATTERN_LENGTH, RulesError, type RuleIssue } from './index.ts';
import { engine, entry, group } from './test-fixtures/ledger.ts';

const setFood = { type: 'setCategory', value: 'food' };

function issuesOf(input: unknown): RuleIssue[] {
  try {
    engine.parseRule(input);
  } catch (error) {
    assert.ok(error instanceof RulesError);
    assert.equal(error.code, 'INVALID_DEFINITION');
    return error.issues;
  }
  assert.fail('expected the rule to be rejected');
}

const fieldsOf = (input: unknown): string[] => issuesOf(input).map((issue) => issue.field);

test('defaults: match all, active, no stop, every trigger', () => {
  assert.deepEqual(engine.parseRule({ conditions: [{ field: 'amount', op: 'inflow' }], actions: [setFood] }), {
    match: 'all',
    conditions: [{ field: 'amount', op: 'inflow' }],
    actions: [setFood],
    stopProcessing: false,
    active: true,
    triggers: ['ingest', 'edit', 'manual'],
  });
});

test('unknown fields, operators that do not fit the field and values of the wrong type are named by path', () => {
  assert.deepEqual(fieldsOf({ conditions: [{ field: 'colour', op: 'equals', value: 'x' }], actions: [setFood] }), ['conditions.0.field']);
  assert.deepEqual(fieldsOf({ conditions: [{ field: 'description', op: 'lessThan', value: '1' }], actions: [setFood] }), ['conditions.0.op']);
  assert.deepEqual(fieldsOf({ conditions: [{ field: 'currency', op: 'contains', value: 'E' }], actions: [setFood] }), ['conditions.0.op']);
  assert.deepEqual(fieldsOf({ conditions: [{ field: 'amount', op: 'inflow' }, { field: 'amount', op: 'equals', value: 1.5 }], actions: [setFood] }), [
    'conditions.1.value',
  ]);
  assert.deepEqual(fieldsOf({ conditions: [{ field: 'amount', op: 'equals', value: '1,50' }], actions: [setFood] }), ['conditions.0.value']);
  assert.deepEqual(fieldsOf({ conditions: [{ field: 'bookingDate', op: 'after', value: '2025-02-30' }], actions: [setFood] }), ['conditions.0.value']);
  assert.deepEqual(fieldsOf({ conditions: [{ field: 'bookingDate', op: 'dayOfMonth', value: 32 }], actions: [setFood] }), ['conditions.0.value']);
  assert.deepEqual(fieldsOf({ conditions: [{ field: 'description', op: 'oneOf', value: [] }], actions: [setFood] }), ['conditions.0.value']);
  assert.deepEqual(fieldsOf({ conditions: [{ field: 'description', op: 'contains', value: 'x', absolute: true }], actions: [setFood] }), [
    'conditions.0.absolute',
  ]);
  assert.deepEqual(fieldsOf({ conditions: [{ field: 'amount', op: 'between', value: { from: '10', to: '-10' } }], actions: [setFood] }), [
    'conditions.0.value.to',
  ]);
  assert.deepEqual(fieldsOf({ conditions: [{ field: 'amount', op: 'between', value: { from: '2025-03-02', to: '2025-03-01' } }], actions: [setFood] }), [
    'conditions.0.value.from',
    'conditions.0.value.to',
  ]);
});

test('rule shape: at least one condition and one action, known keys, known triggers once each', () => {
  assert.deepEqual(fieldsOf({ conditions: [], actions: [] }), ['conditions', 'actions']);
  assert.deepEqual(fieldsOf({ conditions: [{ field: 'amount', op: 'inflow' }], actions: [setFood], colour: 'red' }), ['colour']);
  assert.deepEqual(fieldsOf({ conditions: [{ field: 'amount', op: 'inflow' }], actions: [setFood], match: 'most' }), ['match']);
  assert.deepEqual(fieldsOf({ conditions: [{ field: 'amount', op: 'inflow' }], actions: [setFood], triggers: ['sync'] }), ['triggers.0']);
  assert.deepEqual(fieldsOf({ conditions: [{ field: 'amount', op: 'inflow' }], actions: [setFood], triggers: ['edit', 'edit'] }), ['triggers']);
  assert.deepEqual(fieldsOf({ conditions: [{ field: 'amount', op: 'inflow' }], actions: [setFood], triggers: [] }), ['triggers']);
});

test('actions: unknown types, bad values and skip mixed with other actions are rejected', () => {
  const when = [{ field: 'amount', op: 'inflow' }];
  assert.deepEqual(fieldsOf({ conditions: when, actions: [{ type: 'delete' }] }), ['actions.0.type']);
  assert.deepEqual(fieldsOf({ conditions: when, actions: [setFood, { type: 'addTags', value: 'x' }] }), ['actions.1.value']);
  assert.deepEqual(fieldsOf({ conditions: when, actions: [{ type: 'clearCategory', value: 'x' }] }), ['actions.0.value']);
  assert.deepEqual(fieldsOf({ conditions: when, actions: [{ type: 'skip' }, setFood] }), ['actions']);
  assert.doesNotThrow(() => engine.parseRule({ conditions: when, actions: [{ type: 'skip' }] }));
});

test('regular expressions: invalid, unsupported (backreference, lookahead) and too long patterns are rejected', () => {
  const regex = (value: string) => ({ conditions: [{ field: 'description', op: 'regex', value }], actions: [setFood] });
  for (const pattern of ['(unclosed', '[z-a]', '(a)\\1', 'foo(?=bar)', 'x'.repeat(MAX_PATTERN_LENGTH + 1)]) {
    const issues = issuesOf(regex(pattern));
    assert.deepEqual(issues.map((issue) => issue.field), ['conditions.0.value'], pattern);
  }
  assert.match(issuesOf(regex('(a)\\1'))[0]?.message ?? '', /not a supported regular expression/);
  assert.deepEqual(fieldsOf(regex(5 as never)), ['conditions.0.value']);
  assert.doesNotThrow(() => engine.parseRule(regex('^(a+)+$')));
  assert.doesNotThrow(() => engine.parseRule(regex('x'.repeat(MAX_PATTERN_LENGTH))));
});

test('compile validates stored rules again', () => {
  const stored = { id: 'r', match: 'all' as const, conditions: [{ field: 'gone', op: 'equals', value: 'x' } as never], actions: [setFood], stopProcessing: false, active: true, triggers: ['ingest' as const] };
  assert.throws(() => engine.compile([group('g', [stored])]), (error) => error instanceof RulesError && error.issues[0]?.field === 'conditions.0.field');
});

test('the engine serves other subjects: its fields and actions come from the caller', () => {
  type Quote = { symbol: string; price: string; alerted: boolean };
  const alerts = createRulesEngine<Quote, 'tick'>({
    fields: { symbol: 'id', price: 'decimal' },
    actions: { alert: { apply: () => ({ alerted: true }) } },
    triggers: ['tick'],
  });
  const set = alerts.compile([
    {
      id: 'g',
      active: true,
      stopProcessing: false,
      rules: [{ id: 'r', ...alerts.parseRule({ conditions: [{ field: 'symbol', op: 'equals', value: 'BTC' }, { field: 'price', op: 'greaterThan', value: '100000' }], actions: [{ type: 'alert' }] }) }],
    },
  ]);
  assert.equal(alerts.evaluate(set, { symbol: 'BTC', price: '100000.01', alerted: false }).result.alerted, true);
  assert.equal(alerts.evaluate(set, { symbol: 'BTC', price: '100000', alerted: false }).result.alerted, false);
  assert.throws(() => alerts.parseRule({ conditions: [{ field: 'description', op: 'contains', value: 'x' }], actions: [{ type: 'alert' }] }), RulesError);
  assert.throws(() => createRulesEngine<Quote, 'tick'>({ fields: { symbol: 'id' }, actions: { skip: { value: z.string(), apply: () => ({}) } }, triggers: ['tick'] }), /built-in/);
  assert.equal(entry().amount, '-42.10');
});
