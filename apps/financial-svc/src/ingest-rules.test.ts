import {
  applyRules,
  createAccount,
  createCategory,
  createRule,
  createRuleGroup,
  createTransaction,
  dryRunRules,
  getTransaction,
  ingestTransactions,
  listRuleEvaluations,
  unlinkTransfer,
  type IngestRow,
} from '@ai-service/financial-domain';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { parseStoredEvent, type StoredEventRow } from './test-api.ts';
import { startFinancialHarness, type FinancialHarness } from './test-harness.ts';

// The ingest plans its rules in memory, on the rows before they are inserted: these tests hold it
// to what the rules do to stored transactions (apply, dry run), which it must match exactly.

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness();
});
after(async () => {
  await harness.close();
});

const ROWS: Array<Pick<IngestRow, 'bookingDate' | 'amount' | 'description' | 'counterparty'>> = [
  { bookingDate: '2025-04-01', amount: '-42.10', description: 'MERCADONA 1234 VALENCIA', counterparty: 'MERCADONA' },
  { bookingDate: '2025-04-02', amount: '-150.00', description: 'MERCADONA big shop', counterparty: null },
  { bookingDate: '2025-04-03', amount: '2100.00', description: 'NOMINA ABRIL', counterparty: 'ACME SL' },
  { bookingDate: '2025-04-04', amount: '-300.00', description: 'TRASPASO a ahorro', counterparty: null },
  { bookingDate: '2025-04-05', amount: '-120.00', description: 'MERCADONA private party', counterparty: 'MERCADONA' },
  { bookingDate: '2025-04-06', amount: '-9.99', description: 'Streaming', counterparty: 'Netflix' },
];

async function tenantWithRules() {
  const tenantId = randomUUID();
  const ctx = harness.ctxFor(tenantId);
  const account = async (name: string) => (await createAccount({ ctx, input: { name, type: 'checking', currency: 'EUR' } })).id;
  const [imported, manual, savings] = [await account('Imported'), await account('Manual'), await account('Savings')];
  const groceries = (await createCategory({ ctx, input: { name: 'Groceries', kind: 'expense' } })).id;
  const salary = (await createCategory({ ctx, input: { name: 'Salary', kind: 'income' } })).id;
  const first = await createRuleGroup({ ctx, input: { name: 'First' } });
  const later = await createRuleGroup({ ctx, input: { name: 'Later' } });
  const rule = async (groupId: string, conditions: unknown[], actions: unknown[], extra: Record<string, unknown> = {}) =>
    (await createRule({ ctx, input: { groupId, name: randomUUID(), logic: { conditions, actions, triggers: ['ingest', 'manual'], ...extra } } })).id;
  await rule(first.id, [{ field: 'description', op: 'contains', value: 'private' }], [{ type: 'skip' }]);
  await rule(first.id, [{ field: 'description', op: 'contains', value: 'mercadona' }], [
    { type: 'setCategory', value: groceries },
    { type: 'setCounterparty', value: 'Mercadona S.A.' },
    { type: 'addTags', value: ['food'] },
    { type: 'appendNotes', value: 'auto' },
  ]);
  await rule(first.id, [{ field: 'description', op: 'startsWith', value: 'nomina' }], [{ type: 'setCategory', value: salary }], { stopProcessing: true });
  await rule(first.id, [{ field: 'amount', op: 'inflow' }], [{ type: 'addTags', value: ['never: stopped before'] }]);
  await rule(first.id, [{ field: 'description', op: 'startsWith', value: 'traspaso' }], [{ type: 'markAsTransfer', value: { accountId: savings } }]);
  await rule(later.id, [{ field: 'amount', op: 'lessThan', value: '-100' }], [{ type: 'addTags', value: ['Big'] }, { type: 'setNotes', value: 'check' }]);
  // The other leg of the transfer, in the savings account.
  await createTransaction({ ctx, input: { accountId: savings, bookingDate: '2025-04-05', amount: '300', description: 'From checking' } });
  return { tenantId, ctx, imported, manual };
}

type Outcome = Record<string, unknown>;

/** Each transaction of the account as the rules left it, and what the rule evaluations recorded, by description. */
async function outcome(t: Awaited<ReturnType<typeof tenantWithRules>>, accountId: string): Promise<Map<string, Outcome>> {
  const rows = await harness.queryAsOwner<{ id: string; description: string }>('select id, description from financial.transactions where account_id = $1', [accountId]);
  const result = new Map<string, Outcome>();
  for (const row of rows) {
    const view = await getTransaction({ ctx: t.ctx, input: { transactionId: row.id } });
    const tags = await harness.queryAsOwner<{ name: string }>(
      'select g.name from financial.transaction_tags tt join financial.tags g on g.id = tt.tag_id where tt.transaction_id = $1 order by g.name',
      [row.id],
    );
    const evaluations = (await listRuleEvaluations({ ctx: t.ctx, input: { transactionId: row.id, limit: 50 } })).items;
    result.set(row.description, {
      categoryId: view.categoryId,
      categoryProvenance: view.categoryProvenance,
      categoryRuleId: view.categoryRuleId,
      counterpartyName: view.counterpartyName,
      counterpartyId: view.counterpartyId,
      notes: view.notes,
      tags: tags.map((tag) => tag.name),
      transfer: view.transferId !== null,
      evaluations: evaluations.map((entry) => ({ ruleId: entry.ruleId, trigger: entry.trigger, changes: entry.changes })).sort((a, b) => a.ruleId.localeCompare(b.ruleId)),
    });
  }
  return result;
}

test('rules planned in memory at ingest leave each new transaction exactly as applying them to it once stored does', async () => {
  const t = await tenantWithRules();
  // Reference: the same transactions entered by hand, then the same rules applied to them stored.
  for (const row of ROWS) {
    await createTransaction({ ctx: t.ctx, input: { accountId: t.manual, bookingDate: row.bookingDate, amount: row.amount, description: row.description, counterpartyName: row.counterparty } });
  }
  const applied = await applyRules({ ctx: t.ctx, input: { filter: { accountId: t.manual }, limit: 100 } });
  assert.equal(applied.changed, 4, 'those the rules match, but the skipped one');
  const reference = await outcome(t, t.manual);
  const transfer = (await harness.queryAsOwner<{ transfer_id: string }>('select transfer_id from financial.transactions where account_id = $1 and transfer_id is not null', [t.manual]))[0]!;
  await unlinkTransfer({ ctx: t.ctx, input: { transferId: transfer.transfer_id } });

  const ingested = await ingestTransactions({
    ctx: t.ctx,
    input: { accountId: t.imported, source: 'import', importId: randomUUID(), rows: ROWS.map((row, index) => ({ ...row, line: index + 2, externalId: null, valueDate: null, currency: null, notes: null, status: 'booked' })) },
  });
  assert.equal(ingested.createdIds.length, ROWS.length);
  const imported = await outcome(t, t.imported);
  const trigger = (entries: Outcome) => ({ ...entries, evaluations: (entries['evaluations'] as Outcome[]).map((entry) => ({ ...entry, trigger: 'any' })) });
  for (const row of ROWS) {
    assert.deepEqual(trigger(imported.get(row.description)!), trigger(reference.get(row.description)!), row.description);
  }
  assert.ok((imported.get('TRASPASO a ahorro')!['transfer'] as boolean) && (imported.get('MERCADONA 1234 VALENCIA')!['tags'] as string[]).includes('food'));
  assert.equal((await dryRunRules({ ctx: t.ctx, input: { filter: { accountId: t.imported } } })).changed, 0, 'nothing left for the rules to do');
});

test('ingest events and audit: TransactionSynced tells the bank’s view, TransactionCategorized each category a rule gave, one audit row for the batch', async () => {
  const t = await tenantWithRules();
  const { createdIds } = await ingestTransactions({
    ctx: t.ctx,
    input: { accountId: t.imported, source: 'simplefin', rows: ROWS.map((row) => ({ ...row, externalId: null, valueDate: null, currency: null, notes: null, status: 'booked' })) },
  });
  const events = await harness.queryAsOwner<{ type: string; aggregate_id: string; payload: Record<string, unknown> }>(
    `select type, aggregate_id, payload from financial.outbox where tenant_id = $1 and aggregate_id = any($2::text[]) order by position`,
    [t.tenantId, createdIds],
  );
  const synced = events.filter((event) => event.type === 'TransactionSynced');
  assert.deepEqual(synced.map((event) => event.aggregate_id), createdIds, 'one per new transaction, in order');
  assert.equal(synced[0]!.payload['counterparty'], 'MERCADONA', "the bank's counterparty, not the rule's");
  const categorized = events.filter((event) => event.type === 'TransactionCategorized');
  assert.deepEqual(
    categorized.map((event) => [event.aggregate_id, event.payload['provenance'], event.payload['previousCategoryId']]),
    [createdIds[0], createdIds[1], createdIds[2]].map((id) => [id, 'rule', null]),
  );
  assert.ok(events.findIndex((event) => event.type === 'TransactionCategorized') > events.findLastIndex((event) => event.type === 'TransactionSynced'), 'synced first');

  const audits = await harness.queryAsOwner<{ type: string; payload: Record<string, unknown> }>(
    `select type, payload from financial.event_log where tenant_id = $1 and type in ('TransactionsIngested', 'TransactionRulesApplied', 'TransactionCategorized')`,
    [t.tenantId],
  );
  assert.deepEqual(audits.map((entry) => entry.type), ['TransactionsIngested']);
  const rules = audits[0]!.payload['rules'] as { runId: string; changed: number; categorized: number };
  assert.deepEqual({ changed: rules.changed, categorized: rules.categorized }, { changed: 4, categorized: 3 });
  const recorded = await listRuleEvaluations({ ctx: t.ctx, input: { runId: rules.runId, limit: 50 } });
  assert.equal(new Set(recorded.items.map((entry) => entry.transactionId)).size, 4, "the run's evaluations, one or more per changed transaction");
});

test('TransactionCategorized from an ingest (built by the database) is the event an apply writes: same envelope, same payload, valid in the catalogue', async () => {
  const t = await tenantWithRules();
  const [mercadona] = ROWS;
  const manual = await createTransaction({
    ctx: t.ctx,
    input: { accountId: t.manual, bookingDate: mercadona!.bookingDate, amount: mercadona!.amount, description: mercadona!.description, counterpartyName: mercadona!.counterparty },
  });
  await applyRules({ ctx: t.ctx, input: { filter: { accountId: t.manual }, limit: 100 } });
  const { createdIds } = await ingestTransactions({
    ctx: t.ctx,
    input: { accountId: t.imported, source: 'import', importId: randomUUID(), rows: [{ ...mercadona!, externalId: null, valueDate: null, currency: null, notes: null, status: 'booked' }] },
  });
  type Row = StoredEventRow & { trace_parent: string | null; payload: Record<string, unknown> };
  const event = async (transactionId: string) =>
    (await harness.queryAsOwner<Row>(
      `select id, type, version, tenant_id, aggregate_type, aggregate_id, to_json(occurred_at)#>>'{}' as occurred_at, trace_id, trace_parent, payload
         from financial.outbox where tenant_id = $1 and type = 'TransactionCategorized' and aggregate_id = $2`,
      [t.tenantId, transactionId],
    ))[0]!;
  const [applied, ingested] = [await event(manual.id), await event(createdIds[0]!)];
  const shape = ({ id: _id, occurred_at: _at, aggregate_id: _aggregate, payload, ...row }: Row) => ({ ...row, payload: { ...payload, transactionId: 'x' } });
  assert.deepEqual(shape(ingested), shape(applied));
  assert.equal(ingested.payload['transactionId'], createdIds[0]);
  for (const row of [applied, ingested]) {
    const parsed = parseStoredEvent(row);
    assert.deepEqual(parsed.ok ? parsed.event.type : parsed.problems, 'TransactionCategorized');
  }
});

test("an ingest's rule evaluations keep the texts the rules wrote exactly (they go through the bulk insert as JSON)", async () => {
  const tenantId = randomUUID();
  const ctx = harness.ctxFor(tenantId);
  const accountId = (await createAccount({ ctx, input: { name: 'Imported', type: 'checking', currency: 'EUR' } })).id;
  const group = await createRuleGroup({ ctx, input: { name: 'Texts' } });
  const notes = 'tab\there "quoted" back\\slash \\N \\.\nsecond line ☕ e\u0301';
  const { id: ruleId } = await createRule({
    ctx,
    input: { groupId: group.id, name: 'Notes', logic: { conditions: [{ field: 'description', op: 'contains', value: 'café' }], actions: [{ type: 'setNotes', value: notes }, { type: 'setCounterparty', value: 'Café \\ Bar\t東京' }] } },
  });
  const { createdIds } = await ingestTransactions({
    ctx,
    input: { accountId, source: 'import', importId: randomUUID(), rows: [{ bookingDate: '2025-02-01', amount: '-3.10', description: 'CAFÉ\tCENTRAL', counterparty: null, notes: 'was\\here\n', externalId: null, valueDate: null, currency: null, status: 'booked' }] },
  });
  const [evaluation] = (await listRuleEvaluations({ ctx, input: { transactionId: createdIds[0]!, limit: 5 } })).items;
  assert.equal(evaluation?.ruleId, ruleId);
  assert.deepEqual(
    [...evaluation!.changes].sort((a, b) => a.field.localeCompare(b.field)),
    [
      { field: 'counterparty', before: null, after: 'Café \\ Bar\t東京' },
      { field: 'notes', before: 'was\\here', after: notes },
    ],
  );
  const stored = await getTransaction({ ctx, input: { transactionId: createdIds[0]! } });
  assert.deepEqual([stored.notes, stored.counterpartyName], [notes, 'Café \\ Bar\t東京']);
});
