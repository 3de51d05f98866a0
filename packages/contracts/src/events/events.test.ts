import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { envelopeSchema, eventJsonSchemas, eventTypes, parseEvent, type EventEnvelope } from './index.ts';

const issued: EventEnvelope<'InvoiceIssued'> = {
  id: randomUUID(),
  type: 'InvoiceIssued',
  version: 1,
  occurredAt: '2026-03-01T10:00:00.000Z',
  tenantId: randomUUID(),
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  aggregate: { type: 'invoice', id: randomUUID() },
  payload: {
    invoiceId: randomUUID(),
    number: '2026-0001',
    clientId: randomUUID(),
    issueDate: '2026-03-01',
    dueDate: '2026-03-31',
    total: { amount: '1210.00', currency: 'EUR' },
  },
};

test('the catalogue holds the eleven events of the issue, the internal BacktestRunRequested and StatementImportRequested, and StatementImported', () => {
  assert.deepEqual([...eventTypes].sort(), [
    'ArbitrageOpportunityFound',
    'BacktestRunRequested',
    'InvoiceIssued',
    'InvoicePaid',
    'NotificationRequested',
    'OrderFailed',
    'OrderFilled',
    'OrderRequested',
    'StatementImportRequested',
    'StatementImported',
    'StrategyStateChanged',
    'TradeExecuted',
    'TransactionCategorized',
    'TransactionSynced',
  ]);
});

test('a valid envelope parses; its JSON survives a round trip unchanged', () => {
  const parsed = parseEvent(JSON.parse(JSON.stringify(issued)));
  assert.ok(parsed.ok, JSON.stringify(parsed));
  assert.deepEqual(parsed.event, issued);
});

test('money is a decimal string: a JSON number, a float string or an exponent is rejected', () => {
  for (const amount of [1210, '1.21e3', '12,10', '', '01.5', '1.']) {
    const parsed = parseEvent({ ...issued, payload: { ...issued.payload, total: { amount, currency: 'EUR' } } });
    assert.equal(parsed.ok, false, `amount ${JSON.stringify(amount)} must be rejected`);
  }
  assert.ok(parseEvent({ ...issued, payload: { ...issued.payload, total: { amount: '-0.05', currency: 'EUR' } } }).ok);
});

test('unknown types, unknown versions and bad envelope fields are named in the problems', () => {
  assert.deepEqual(parseEvent({ ...issued, type: 'InvoiceLost' }), { ok: false, problems: ['unknown event type InvoiceLost'] });
  assert.deepEqual(parseEvent({ ...issued, version: 9 }), { ok: false, problems: ['InvoiceIssued has no version 9'] });
  const parsed = parseEvent({ ...issued, tenantId: 'acme', traceId: 'not-a-trace' });
  assert.equal(parsed.ok, false);
  assert.deepEqual(parsed.ok ? [] : parsed.problems.map((problem) => problem.split(':')[0]), ['tenantId', 'traceId']);
});

test('every event has a JSON Schema with the envelope fields required and money as a string', () => {
  const schemas = eventJsonSchemas();
  for (const type of eventTypes) {
    const schema = schemas[type] as { required: string[]; properties: Record<string, { const?: unknown }> };
    assert.deepEqual([...schema.required].sort(), ['aggregate', 'id', 'occurredAt', 'payload', 'tenantId', 'traceId', 'type', 'version'], type);
    assert.equal(schema.properties['type']?.const, type);
  }
  const total = (schemas.InvoiceIssued as { properties: { payload: { properties: { total: { properties: { amount: { type: string } } } } } } })
    .properties.payload.properties.total.properties.amount;
  assert.equal(total.type, 'string');
  assert.throws(() => envelopeSchema('InvoiceIssued', 2), /no version 2/);
});
