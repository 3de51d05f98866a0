import { createAccount, ingestTransactions, isFinancialError, type IngestRow } from '@ai-service/financial-domain';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startFinancialHarness, type FinancialHarness } from './test-harness.ts';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness();
});
after(async () => {
  await harness.close();
});

const row = (fields: Partial<IngestRow> & Pick<IngestRow, 'bookingDate' | 'amount' | 'description'>): IngestRow => ({
  externalId: null,
  valueDate: null,
  currency: null,
  counterparty: null,
  notes: null,
  status: 'booked',
  ...fields,
});

async function account(tenantId: string, currency = 'EUR'): Promise<string> {
  return (await createAccount({ ctx: harness.ctxFor(tenantId), input: { name: 'Checking', type: 'checking', currency } })).id;
}

const ingest = (tenantId: string, accountId: string, rows: IngestRow[], source: 'import' | 'gocardless' = 'import') =>
  ingestTransactions({ ctx: harness.ctxFor(tenantId), input: source === 'import' ? { accountId, source, importId: randomUUID(), rows } : { accountId, source, rows } });

type Stored = { id: string; status: string; booking_date: string; amount: string; description: string; external_id: string | null; deleted: boolean };

const stored = (accountId: string) =>
  harness.queryAsOwner<Stored>(
    `select id, status, booking_date::text, trim_scale(amount)::text as amount, description, external_id, deleted_at is not null as deleted
       from financial.transactions where account_id = $1 order by booking_date, description, id`,
    [accountId],
  );

test('identical rows of one batch are all kept; the same batch again adds nothing', async () => {
  const tenant = randomUUID();
  const accountId = await account(tenant);
  const coffees = [row({ bookingDate: '2024-05-02', amount: '-2.80', description: 'Coffee' }), row({ bookingDate: '2024-05-02', amount: '-2.8', description: ' COFFEE ' })];
  const first = await ingest(tenant, accountId, coffees);
  assert.equal(first.createdIds.length, 2);
  const again = await ingest(tenant, accountId, coffees);
  assert.deepEqual({ created: again.createdIds.length, booked: again.bookedIds.length, duplicates: again.duplicates }, { created: 0, booked: 0, duplicates: 2 });
  const third = await ingest(tenant, accountId, [...coffees, row({ bookingDate: '2024-05-02', amount: '-2.80', description: 'Coffee' })]);
  assert.equal(third.createdIds.length, 1, 'a third identical coffee in a longer file is new');
});

test('a booked row replaces the most similar pending one within 7 days, in place; farther away it is a new transaction', async () => {
  const tenant = randomUUID();
  const accountId = await account(tenant);
  const pending = await ingest(tenant, accountId, [
    row({ bookingDate: '2024-06-01', amount: '-25.00', description: 'NETFLIX.COM pending', status: 'pending' }),
    row({ bookingDate: '2024-06-02', amount: '-25.00', description: 'SPOTIFY AB pending', status: 'pending' }),
  ]);
  const [netflix, spotify] = pending.createdIds;
  await harness.queryAsOwner(`update financial.transactions set notes = 'my note' where id = $1`, [spotify]);

  const booked = await ingest(tenant, accountId, [row({ bookingDate: '2024-06-05', amount: '-25', description: 'SPOTIFY AB STOCKHOLM', externalId: 'B-1' })]);
  assert.deepEqual(booked.bookedIds, [spotify]);
  assert.deepEqual(booked.createdIds, []);
  const [after] = await harness.queryAsOwner<{ status: string; booking_date: string; external_id: string; notes: string; description: string }>(
    `select status, booking_date::text, external_id, notes, description from financial.transactions where id = $1`,
    [spotify],
  );
  assert.deepEqual(after, { status: 'booked', booking_date: '2024-06-05', external_id: 'B-1', notes: 'my note', description: 'SPOTIFY AB pending' });

  const late = await ingest(tenant, accountId, [row({ bookingDate: '2024-06-09', amount: '-25', description: 'NETFLIX.COM', externalId: 'B-2' })]);
  assert.equal(late.createdIds.length, 1, 'eight days after the pending one: not its booked version');
  assert.equal((await stored(accountId)).find((transaction) => transaction.id === netflix)?.status, 'pending');
});

test('a pending row whose booked version is stored, or in the same batch, is a duplicate', async () => {
  const tenant = randomUUID();
  const accountId = await account(tenant);
  await ingest(tenant, accountId, [row({ bookingDate: '2024-07-10', amount: '-60', description: 'Gas station', externalId: 'G-1' })]);
  const late = await ingest(tenant, accountId, [row({ bookingDate: '2024-07-08', amount: '-60', description: 'GAS STN AUTH', status: 'pending' })], 'gocardless');
  assert.deepEqual({ created: late.createdIds.length, duplicates: late.duplicates }, { created: 0, duplicates: 1 });

  const both = await ingest(tenant, accountId, [
    row({ bookingDate: '2024-07-20', amount: '-9.99', description: 'Music', status: 'pending' }),
    row({ bookingDate: '2024-07-21', amount: '-9.99', description: 'MUSIC SUBSCRIPTION', externalId: 'M-1' }),
  ]);
  assert.deepEqual({ created: both.createdIds.length, duplicates: both.duplicates }, { created: 1, duplicates: 1 });
  assert.deepEqual(
    (await stored(accountId)).map((transaction) => [transaction.status, transaction.amount]),
    [
      ['booked', '-60'],
      ['booked', '-9.99'],
    ],
  );
});

test('the same external id coming back booked books the pending transaction, with the final amount', async () => {
  const tenant = randomUUID();
  const accountId = await account(tenant);
  const [id] = (await ingest(tenant, accountId, [row({ bookingDate: '2024-08-01', amount: '-40', description: 'Restaurant', externalId: 'TX-9', status: 'pending' })], 'gocardless')).createdIds;
  const booked = await ingest(tenant, accountId, [row({ bookingDate: '2024-08-02', amount: '-46.50', description: 'Restaurant + tip', externalId: 'TX-9' })], 'gocardless');
  assert.deepEqual(booked.bookedIds, [id]);
  assert.deepEqual(
    (await stored(accountId)).map(({ status, amount, external_id }) => [status, amount, external_id]),
    [['booked', '-46.5', 'TX-9']],
  );
});

test('deleted transactions are not brought back by a re-import', async () => {
  const tenant = randomUUID();
  const accountId = await account(tenant);
  const rows = [row({ bookingDate: '2024-09-01', amount: '-5', description: 'Parking' }), row({ bookingDate: '2024-09-02', amount: '-7', description: 'Toll', externalId: 'T-1' })];
  const { createdIds } = await ingest(tenant, accountId, rows);
  await harness.queryAsOwner(`update financial.transactions set deleted_at = now() where id = any($1::uuid[])`, [createdIds]);
  const again = await ingest(tenant, accountId, rows);
  assert.deepEqual({ created: again.createdIds.length, duplicates: again.duplicates }, { created: 0, duplicates: 2 });
});

test('rows the account cannot hold refuse the whole batch, naming the row; nothing is stored', async () => {
  const tenant = randomUUID();
  const accountId = await account(tenant);
  const good = row({ bookingDate: '2024-10-01', amount: '-1', description: 'ok', line: 2 });
  const cases: Array<[IngestRow, string, RegExp]> = [
    [row({ bookingDate: '2024-10-02', amount: '-1.005', description: 'too precise', line: 3 }), 'rows.1.amount', /^line 3: .*more decimals than EUR/],
    [row({ bookingDate: '2024-10-02', amount: '-1', description: 'dollars', currency: 'USD', line: 3 }), 'rows.1.currency', /^line 3: the amount is in USD/],
    [row({ bookingDate: '2024-02-30', amount: '-1', description: 'no such day', line: 3 }), 'rows.1.bookingDate', /^line 3: booking date/],
  ];
  for (const [bad, field, message] of cases) {
    await assert.rejects(ingest(tenant, accountId, [good, bad]), (error: unknown) => isFinancialError(error, 'invalid_input') && error.field === field && message.test(error.message));
  }
  await assert.rejects(ingest(tenant, randomUUID(), [good]), (error: unknown) => isFinancialError(error, 'not_found'));
  assert.deepEqual(await stored(accountId), []);
});

test('events and audit: from a bank provider, one TransactionSynced per created or booked transaction, written with the rows', async () => {
  const tenant = randomUUID();
  const accountId = await account(tenant);
  const [pendingId] = (await ingest(tenant, accountId, [row({ bookingDate: '2024-11-01', amount: '-12', description: 'Cinema', status: 'pending' })], 'gocardless')).createdIds;
  const result = await ingest(
    tenant,
    accountId,
    [row({ bookingDate: '2024-11-02', amount: '-12', description: 'CINEMA CITY', externalId: 'C-1' }), row({ bookingDate: '2024-11-03', amount: '100', description: 'Refund', counterparty: 'Shop' })],
    'gocardless',
  );
  const events = await harness.queryAsOwner<{ aggregate_id: string; payload: Record<string, unknown> }>(
    `select aggregate_id, payload from financial.outbox where tenant_id = $1 and type = 'TransactionSynced' order by position`,
    [tenant],
  );
  assert.deepEqual(
    events.map((event) => [event.aggregate_id, event.payload['status'], event.payload['source']]),
    [
      [pendingId, 'pending', 'gocardless'],
      [result.createdIds[0], 'booked', 'gocardless'],
      [pendingId, 'booked', 'gocardless'],
    ],
  );
  const refund = events[1]!.payload;
  assert.deepEqual(refund['amount'], { amount: '100', currency: 'EUR' });
  assert.equal(refund['counterparty'], 'Shop');
  assert.match(String(refund['externalId']), /^[0-9a-f]{64}$/, 'rows without a bank id are known by their content hash');
  const audits = await harness.queryAsOwner<{ payload: Record<string, unknown> }>(
    `select payload from financial.event_log where tenant_id = $1 and type = 'TransactionsIngested' order by occurred_at`,
    [tenant],
  );
  assert.deepEqual(
    audits.map((entry) => [entry.payload['created'], entry.payload['booked'], entry.payload['duplicates']]),
    [
      [1, [], 0],
      [1, [pendingId], 0],
    ],
  );
});

test('events: a statement import tells its batch in one StatementImported, not one TransactionSynced per transaction', async () => {
  const tenant = randomUUID();
  const accountId = await account(tenant);
  const importId = randomUUID();
  const rows = [row({ bookingDate: '2024-11-01', amount: '-12', description: 'Cinema', status: 'pending' }), row({ bookingDate: '2024-11-03', amount: '100', description: 'Refund' })];
  await ingestTransactions({ ctx: harness.ctxFor(tenant), input: { accountId, source: 'import', importId, rows: [rows[0]!] } });
  await ingestTransactions({ ctx: harness.ctxFor(tenant), input: { accountId, source: 'import', importId, rows: [{ ...rows[0]!, status: 'booked' }, rows[1]!, rows[1]!] } });
  const events = await harness.queryAsOwner<{ type: string; aggregate_id: string; payload: Record<string, unknown> }>(
    `select type, aggregate_id, payload from financial.outbox where tenant_id = $1 and type in ('StatementImported', 'TransactionSynced') order by position`,
    [tenant],
  );
  assert.deepEqual(events, [
    { type: 'StatementImported', aggregate_id: importId, payload: { importId, accountId, created: 1, booked: 0, duplicates: 0, categorizedByRules: 0 } },
    { type: 'StatementImported', aggregate_id: importId, payload: { importId, accountId, created: 2, booked: 1, duplicates: 0, categorizedByRules: 0 } },
  ]);
});

test('progress is told between insert chunks, and a failure after the inserts leaves nothing behind', async () => {
  const tenant = randomUUID();
  const accountId = await account(tenant);
  const rows = Array.from({ length: 10_001 }, (_, index) => row({ bookingDate: '2024-12-01', amount: `-${(index % 100) + 1}`, description: `Row ${index}` }));
  const told: number[] = [];
  await assert.rejects(
    ingestTransactions({
      ctx: harness.ctxFor(tenant),
      input: {
        accountId,
        source: 'import',
        importId: randomUUID(),
        rows,
        onProgress: async (processed) => {
          told.push(processed);
          if (processed === rows.length) throw new Error('worker stopped');
        },
      },
    }),
    /worker stopped/,
  );
  assert.deepEqual(told, [10_000, 10_001]);
  assert.deepEqual(await stored(accountId), [], 'all or nothing');
  const done = await ingestTransactions({ ctx: harness.ctxFor(tenant), input: { accountId, source: 'import', importId: randomUUID(), rows } });
  assert.equal(done.createdIds.length, rows.length);
});

test('texts go through the bulk insert exactly: tabs, backslashes, line breaks, COPY markers, unicode and nulls', async () => {
  const tenant = randomUUID();
  const accountId = await account(tenant);
  const texts = [
    { description: 'tab\there', counterparty: 'back\\slash \\N \\t', notes: null, externalId: 'id\\1' },
    { description: 'line one\nline two\r\nline three\rend', counterparty: null, notes: '\\N', externalId: null },
    { description: '\\.', counterparty: 'Café ☕ 東京 👍🏽 e\u0301', notes: 'null', externalId: 'NULL' },
    { description: '"quoted", {json: [1]} \\\\server\\share', counterparty: '\\', notes: 'a\u00a0b\u2028c', externalId: null },
  ];
  const rows = texts.map((text, index) => row({ bookingDate: '2025-01-02', valueDate: index % 2 === 0 ? null : '2025-01-03', amount: `-${index + 1}.25`, ...text }));
  const { createdIds } = await ingest(tenant, accountId, rows);
  const saved = await harness.queryAsOwner<{ id: string; description: string; counterparty_name: string | null; notes: string | null; external_id: string | null; value_date: string | null }>(
    'select id, description, counterparty_name, notes, external_id, value_date::text from financial.transactions where id = any($1::uuid[])',
    [createdIds],
  );
  const byId = new Map(saved.map((entry) => [entry.id, entry]));
  assert.deepEqual(
    createdIds.map((id) => {
      const entry = byId.get(id)!;
      return { description: entry.description, counterparty: entry.counterparty_name, notes: entry.notes, externalId: entry.external_id, valueDate: entry.value_date };
    }),
    rows.map((input) => ({ description: input.description, counterparty: input.counterparty, notes: input.notes, externalId: input.externalId, valueDate: input.valueDate })),
  );
  const again = await ingest(tenant, accountId, rows);
  assert.equal(again.duplicates, rows.length, 'stored as given, so the same rows are recognized');
});
