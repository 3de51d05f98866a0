import { runImport } from '@ai-service/financial-domain';
import { statementFixture } from '@ai-service/statement-import/testing';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { READ, startFinancialHarness, type FinancialHarness } from './test-harness.ts';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness();
});
after(async () => {
  await harness.close();
});

type Json = Record<string, unknown> & { items?: Array<Record<string, unknown>> };
type Response = { status: number; body: Json };

async function api(tenantId: string, method: string, path: string, body?: unknown, perms?: string[]): Promise<Response> {
  const { headers } = await harness.as(tenantId, perms);
  const response = await fetch(`${harness.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

type Upload = { file?: Buffer | string; fileName?: string; accountId?: string; format?: string; presetId?: string; mapping?: string };

async function upload(tenantId: string, fields: Upload, perms?: string[]): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'file' || name === 'fileName' || value === undefined) continue;
    form.append(name, value as string);
  }
  if (fields.file !== undefined) form.append('file', new Blob([fields.file]), fields.fileName ?? 'statement');
  const { headers } = await harness.as(tenantId, perms);
  const response = await fetch(`${harness.url}/v1/financial/imports`, { method: 'POST', headers, body: form });
  return { status: response.status, body: (await response.json()) as Json };
}

type RequestedImport = { id: string; tenantId: string; importId: string };

/** The committed StatementImportRequested events, oldest first (the relay is off: nothing else reads them). */
const requestedImports = (tenantId?: string) =>
  harness.queryAsOwner<RequestedImport>(
    `select id::text, tenant_id::text as "tenantId", payload->>'importId' as "importId"
       from financial.outbox where type = 'StatementImportRequested' and ($1::uuid is null or tenant_id = $1) order by position`,
    [tenantId ?? null],
  );

/** Events already handed to runImport by this file, as the relay would have marked them published. */
const delivered = new Set<string>();

/** The requested imports not delivered yet, each taken once, as the relay delivers them to worker-financial. */
async function takeRequested(): Promise<RequestedImport[]> {
  const pending = (await requestedImports()).filter((event) => !delivered.has(event.id));
  for (const event of pending) delivered.add(event.id);
  return pending;
}

/** Runs every requested import, as the worker would (actor: the system). */
async function runQueued(): Promise<void> {
  for (const event of await takeRequested()) await runImport({ ctx: jobCtx(event.tenantId), input: { importId: event.importId } });
}

/** What worker-financial's StatementImportRequested handler gives runImport: the system as actor. */
const jobCtx = (tenantId: string) => harness.ctxFor(tenantId, null);

/** The events an import committed about its transactions: its StatementImported, and TransactionSynced of the tenant (none expected from imports). */
async function arrivalEvents(tenantId: string): Promise<Array<{ type: string; payload: Json }>> {
  return harness.queryAsOwner(`select type, payload from financial.outbox where tenant_id = $1 and type in ('StatementImported', 'TransactionSynced') order by position`, [tenantId]);
}

async function createAccount(tenantId: string, currency = 'EUR'): Promise<string> {
  const created = await api(tenantId, 'POST', '/v1/financial/accounts', { name: `Checking ${randomUUID().slice(0, 6)}`, type: 'checking', currency });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body['id'] as string;
}

/** Upload, run the job, read the import back. */
async function importFile(tenantId: string, fields: Upload): Promise<Json> {
  const accepted = await upload(tenantId, fields);
  assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
  assert.equal(accepted.body['status'], 'queued');
  await runQueued();
  const done = await api(tenantId, 'GET', `/v1/financial/imports/${accepted.body['id']}`);
  assert.equal(done.status, 200);
  return done.body;
}

type StoredRow = { external_id: string | null; booking_date: string; amount: string; description: string; counterparty_name: string | null; status: string; source: string; import_id: string | null };

const stored = (accountId: string) =>
  harness.queryAsOwner<StoredRow>(
    `select external_id, booking_date::text, trim_scale(amount)::text as amount, description, counterparty_name, status, source, import_id::text
       from financial.transactions where account_id = $1 and deleted_at is null order by booking_date, amount, description`,
    [accountId],
  );

const spanishLines = () => statementFixture('spanish-bank.csv').toString('utf8').split('\n');

test('every format through the endpoint: accepted as queued, then the job stores exactly the rows of the file', async () => {
  const tenant = randomUUID();
  const cases = [
    { fixture: 'generic.csv', currency: 'EUR', format: 'csv', rows: 6, sum: '1971.62' },
    { fixture: 'spanish-bank.csv', currency: 'EUR', format: 'csv', rows: 6, sum: '1069.88' },
    { fixture: 'checking-sgml.ofx', currency: 'USD', format: 'ofx', rows: 4, sum: '2297.84' },
    { fixture: 'checking-xml.ofx', currency: 'EUR', format: 'ofx', rows: 2, sum: '-1144.66' },
    { fixture: 'card.qfx', currency: 'USD', format: 'ofx', rows: 2, sum: '435.8' },
    { fixture: 'checking.qif', currency: 'USD', format: 'qif', rows: 4, sum: '1216.59' },
    { fixture: 'statement.camt053.xml', currency: 'EUR', format: 'camt053', rows: 3, sum: '1766.35' },
  ];
  for (const { fixture, currency, format, rows, sum } of cases) {
    const accountId = await createAccount(tenant, currency);
    const done = await importFile(tenant, { file: statementFixture(fixture), fileName: fixture, accountId });
    assert.equal(done['format'], format, fixture);
    assert.equal(done['status'], 'completed', fixture);
    assert.deepEqual(done['progress'], { processedRows: rows, totalRows: rows }, fixture);
    assert.deepEqual(done['outcome'], { parsed: rows, created: rows, duplicates: 0, replaced: 0, errors: [] }, fixture);
    const transactions = await stored(accountId);
    assert.equal(transactions.length, rows, fixture);
    assert.ok(
      transactions.every((row) => row.source === 'import' && row.import_id === done['id']),
      `${fixture}: source and import id`,
    );
    const [{ total }] = (await harness.queryAsOwner<{ total: string }>(`select trim_scale(sum(amount))::text as total from financial.transactions where account_id = $1`, [accountId])) as [{ total: string }];
    assert.equal(total, sum, `${fixture}: the amounts add up to the file's`);
  }
});

test('the Spanish bank CSV lands with its dates, decimal-comma amounts and concepts', async () => {
  const tenant = randomUUID();
  const accountId = await createAccount(tenant);
  const done = await importFile(tenant, { file: statementFixture('spanish-bank.csv'), fileName: 'movimientos.csv', accountId });
  assert.deepEqual(
    (done['detected'] as Record<string, unknown>)['headerLine'],
    6,
  );
  assert.deepEqual(
    (await stored(accountId)).map(({ booking_date, amount, description }) => [booking_date, amount, description]),
    [
      ['2024-01-02', '2450', 'TRANSFERENCIA RECIBIDA NÓMINA ENERO'],
      ['2024-01-03', '-62.15', 'COMPRA TARJETA MERCADONA VALENCIA'],
      ['2024-01-05', '-78.4', 'RECIBO IBERDROLA CLIENTES'],
      ['2024-01-08', '-25', 'BIZUM ENVIADO CENA'],
      ['2024-01-15', '-1234.56', 'TRANSFERENCIA ALQUILER PISO'],
      ['2024-01-22', '19.99', 'DEVOLUCION COMPRA AMAZON'],
    ],
  );
});

test('the same file twice: the second import creates nothing, and two identical coffees stay two', async () => {
  const tenant = randomUUID();
  const accountId = await createAccount(tenant);
  const first = await importFile(tenant, { file: statementFixture('generic.csv'), fileName: 'generic.csv', accountId });
  assert.deepEqual(first['outcome'], { parsed: 6, created: 6, duplicates: 0, replaced: 0, errors: [] });
  const second = await importFile(tenant, { file: statementFixture('generic.csv'), fileName: 'generic.csv', accountId });
  assert.deepEqual(second['outcome'], { parsed: 6, created: 0, duplicates: 6, replaced: 0, errors: [] });
  const coffees = (await stored(accountId)).filter((row) => row.description === 'Coffee');
  assert.equal(coffees.length, 2);
  for (const fixture of ['checking-sgml.ofx', 'checking.qif', 'statement.camt053.xml']) {
    const other = await createAccount(tenant, fixture === 'statement.camt053.xml' ? 'EUR' : 'USD');
    await importFile(tenant, { file: statementFixture(fixture), fileName: fixture, accountId: other });
    const again = await importFile(tenant, { file: statementFixture(fixture), fileName: fixture, accountId: other });
    assert.equal((again['outcome'] as { created: number }).created, 0, fixture);
  }
});

test('an overlapping file creates only the rows that are new', async () => {
  const tenant = randomUUID();
  const accountId = await createAccount(tenant);
  const lines = spanishLines();
  const preamble = lines.slice(0, 6);
  const january = (from: number, to: number) => Buffer.from([...preamble, ...lines.slice(6 + from, 6 + to)].join('\n'));
  const first = await importFile(tenant, { file: january(0, 4), fileName: 'first-half.csv', accountId });
  assert.deepEqual(first['outcome'], { parsed: 4, created: 4, duplicates: 0, replaced: 0, errors: [] });
  const overlapping = await importFile(tenant, { file: january(2, 6), fileName: 'second-half.csv', accountId });
  assert.deepEqual(overlapping['outcome'], { parsed: 4, created: 2, duplicates: 2, replaced: 0, errors: [] });
  assert.equal((await stored(accountId)).length, 6);
});

test('pending then booked: one transaction, now booked, with the id and category it had', async () => {
  const tenant = randomUUID();
  const accountId = await createAccount(tenant);
  await importFile(tenant, { file: statementFixture('statement.camt053.xml'), fileName: 'march.xml', accountId });
  const [pending] = await harness.queryAsOwner<{ id: string }>(`select id from financial.transactions where account_id = $1 and status = 'pending'`, [accountId]);
  assert.ok(pending);
  const category = await api(tenant, 'POST', '/v1/financial/categories', { name: 'Groceries', kind: 'expense' });
  await harness.queryAsOwner(`update financial.transactions set category_id = $2, category_provenance = 'user' where id = $1`, [pending.id, category.body['id']]);

  // The next statement: the card payment is booked two days later, under the bank's reference and wording.
  const booked = statementFixture('statement.camt053.xml')
    .toString('utf8')
    .replace('<Sts><Cd>PDNG</Cd></Sts>\n        <BookgDt><Dt>2024-03-30</Dt></BookgDt>', '<Sts><Cd>BOOK</Cd></Sts>\n        <BookgDt><Dt>2024-04-01</Dt></BookgDt>\n        <AcctSvcrRef>2024040100077777</AcctSvcrRef>')
    .replace('BEA, Betaalpas Albert Heijn 1234 AMSTERDAM', 'BEA Albert Heijn 1234 AMSTERDAM NLD');
  const done = await importFile(tenant, { file: Buffer.from(booked), fileName: 'april.xml', accountId });
  assert.deepEqual(done['outcome'], { parsed: 3, created: 0, duplicates: 2, replaced: 1, errors: [] });

  const rows = await harness.queryAsOwner<{ id: string; status: string; booking_date: string; external_id: string; category_id: string; deleted: boolean }>(
    `select id, status, booking_date::text, external_id, category_id, deleted_at is not null as deleted from financial.transactions where account_id = $1 and trim_scale(amount) = -8.65`,
    [accountId],
  );
  assert.deepEqual(rows, [{ id: pending.id, status: 'booked', booking_date: '2024-04-01', external_id: '2024040100077777', category_id: category.body['id'], deleted: false }]);
});

test('a malformed file is refused naming its first bad line, and nothing is stored or requested', async () => {
  const tenant = randomUUID();
  const eur = await createAccount(tenant);
  const usd = await createAccount(tenant, 'USD');
  const cases: Array<[string, string, number, RegExp]> = [
    ['generic-malformed.csv', eur, 4, /"three fifty" is not an amount/],
    ['spanish-bank-malformed.csv', eur, 8, /"31\/02\/2024" is not a valid date/],
    ['checking-sgml-malformed.ofx', usd, 57, /DTPOSTED/],
    ['checking-xml-malformed.ofx', eur, 31, /<\/NAME>/],
    ['card-malformed.qfx', usd, 44, /closing tag is missing/],
    ['checking-malformed.qif', usd, 10, /13\/32'24/],
    ['statement-malformed.camt053.xml', eur, 52, /Sts/],
    ['statement-bad-entry.camt053.xml', eur, 67, /CdtDbtInd/],
    // Readable, but not into this account: the first row in another currency is the bad line.
    ['checking-sgml.ofx', eur, 39, /in USD but the account is in EUR/],
  ];
  for (const [fixture, accountId, line, message] of cases) {
    const refused = await upload(tenant, { file: statementFixture(fixture), fileName: fixture, accountId });
    assert.equal(refused.status, 422, fixture);
    assert.match(String(refused.body['detail']), new RegExp(`^line ${line}: `), fixture);
    assert.match(String(refused.body['detail']), message, fixture);
    assert.deepEqual(
      (refused.body['errors'] as Array<{ field: string }>).map((error) => error.field),
      ['file'],
      fixture,
    );
  }
  assert.deepEqual(await requestedImports(tenant), []);
  assert.deepEqual(await harness.queryAsOwner(`select id from financial.imports where tenant_id = $1`, [tenant]), []);
  assert.deepEqual(await harness.queryAsOwner(`select id from financial.transactions where tenant_id = $1`, [tenant]), []);
});

test('the import row and its event commit together; a refused upload leaves neither', async () => {
  const tenant = randomUUID();
  const accountId = await createAccount(tenant);
  const accepted = await upload(tenant, { file: statementFixture('generic.csv'), fileName: 'generic.csv', accountId });
  assert.equal(accepted.status, 202);
  const importId = accepted.body['id'] as string;
  assert.deepEqual(
    await harness.queryAsOwner(`select id::text, aggregate_type, aggregate_id, payload from financial.outbox where tenant_id = $1 and type = 'StatementImportRequested'`, [tenant]),
    [{ id: importId, aggregate_type: 'import', aggregate_id: importId, payload: { importId, accountId } }],
  );

  // The event cannot be written (a trigger refuses it, for this tenant only): the import is not kept either.
  await harness.queryAsOwner(`create function financial.refuse_import_event() returns trigger language plpgsql as $$
    begin
      if new.tenant_id = '${tenant}' then raise exception 'outbox refused'; end if;
      return new;
    end $$`);
  await harness.queryAsOwner(`create trigger refuse_import_event before insert on financial.outbox for each row execute function financial.refuse_import_event()`);
  try {
    const refused = await upload(tenant, { file: statementFixture('spanish-bank.csv'), fileName: 'movimientos.csv', accountId });
    assert.equal(refused.status, 500);
  } finally {
    await harness.queryAsOwner(`drop trigger refuse_import_event on financial.outbox`);
    await harness.queryAsOwner(`drop function financial.refuse_import_event()`);
  }
  assert.deepEqual(await harness.queryAsOwner(`select id::text from financial.imports where tenant_id = $1`, [tenant]), [{ id: importId }]);
  assert.deepEqual((await requestedImports(tenant)).map((event) => event.importId), [importId]);
  await runQueued();
});

test('request problems name the field', async () => {
  const tenant = randomUUID();
  const accountId = await createAccount(tenant);
  const file = statementFixture('generic.csv');
  const field = async (fields: Upload) => {
    const response = await upload(tenant, fields);
    assert.equal(response.status, 422, JSON.stringify(response.body));
    return (response.body['errors'] as Array<{ field: string }>)[0]?.field;
  };
  assert.equal(await field({ accountId }), 'file');
  assert.equal(await field({ file, accountId: 'not-an-id' }), 'accountId');
  assert.equal(await field({ file, accountId: randomUUID() }), 'accountId');
  assert.equal(await field({ file, accountId, format: 'xls' }), 'format');
  assert.equal(await field({ file, accountId, mapping: '{not json' }), 'mapping');
  assert.equal(await field({ file, accountId, mapping: JSON.stringify({ delimiter: 'x' }) }), 'mapping.delimiter');
  assert.equal(await field({ file, accountId, mapping: JSON.stringify({ columns: { bookingDate: 'Fecha' } }) }), 'mapping');
  assert.equal(await field({ file, accountId, presetId: 'no-such-bank' }), 'presetId');

  const { headers } = await harness.as(tenant);
  const json = await fetch(`${harness.url}/v1/financial/imports`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ accountId }) });
  assert.equal(json.status, 415);
  assert.equal((await upload(tenant, { file, accountId }, READ)).status, 403);
  const huge = await upload(tenant, { file: Buffer.alloc(25 * 1024 * 1024 + 1, 'a'), accountId });
  assert.equal(huge.status, 413, 'a file above 25 MB');
  assert.deepEqual(await requestedImports(tenant), []);
});

test('CSV presets: built-ins listed, saved presets created, used, changed and deleted', async () => {
  const tenant = randomUUID();
  const accountId = await createAccount(tenant);
  const listed = await api(tenant, 'GET', '/v1/financial/import-presets');
  assert.deepEqual(
    listed.body.items?.map((preset) => [preset['id'], preset['builtIn']]),
    [
      ['revolut', true],
      ['n26', true],
      ['paypal', true],
    ],
  );

  const custom = 'When|What|How much|Ref\n03.02.2024|Bakery|-4.20|A1\n04.02.2024|Refund|10.00|A2\n';
  const withoutPreset = await upload(tenant, { file: custom, fileName: 'custom.csv', accountId });
  assert.equal(withoutPreset.status, 422);
  assert.equal((withoutPreset.body['errors'] as Array<{ field: string }>)[0]?.field, 'mapping');

  const mapping = { delimiter: '|', columns: { bookingDate: 'When', description: 'What', amount: 'How much', externalId: 'Ref' } };
  const created = await api(tenant, 'POST', '/v1/financial/import-presets', { name: 'My credit union', bank: 'Credit Union', mapping });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body['builtIn'], false);
  const presetId = created.body['id'] as string;
  assert.equal((await api(tenant, 'POST', '/v1/financial/import-presets', { name: 'my CREDIT union', mapping })).status, 409);
  assert.equal((await api(tenant, 'POST', '/v1/financial/import-presets', { name: 'Broken', mapping: { columns: { date: 'When' } } })).status, 400);

  const done = await importFile(tenant, { file: custom, fileName: 'custom.csv', accountId, presetId });
  assert.deepEqual(done['outcome'], { parsed: 2, created: 2, duplicates: 0, replaced: 0, errors: [] });
  assert.equal(done['presetId'], presetId);
  assert.deepEqual(
    (await stored(accountId)).map(({ external_id, booking_date, amount }) => [external_id, booking_date, amount]),
    [
      ['A1', '2024-02-03', '-4.2'],
      ['A2', '2024-02-04', '10'],
    ],
  );

  const renamed = await api(tenant, 'PATCH', `/v1/financial/import-presets/${presetId}`, { name: 'Credit union export' });
  assert.equal(renamed.status, 200);
  assert.equal((await api(tenant, 'GET', `/v1/financial/import-presets/${presetId}`)).body['name'], 'Credit union export');
  assert.equal((await api(tenant, 'GET', '/v1/financial/import-presets/revolut')).body['name'], 'Revolut account statement');
  assert.equal((await api(tenant, 'PATCH', '/v1/financial/import-presets/revolut', { name: 'Mine' })).status, 409);
  assert.equal((await api(tenant, 'DELETE', '/v1/financial/import-presets/revolut')).status, 409);
  assert.equal((await api(tenant, 'DELETE', `/v1/financial/import-presets/${presetId}`)).status, 204);
  assert.equal((await api(tenant, 'GET', `/v1/financial/import-presets/${presetId}`)).status, 404);
});

test('imports are listed newest first, a page at a time', async () => {
  const tenant = randomUUID();
  const accountId = await createAccount(tenant);
  const ids: string[] = [];
  for (const fixture of ['generic.csv', 'spanish-bank.csv', 'statement.camt053.xml']) {
    ids.push((await importFile(tenant, { file: statementFixture(fixture), fileName: fixture, accountId }))['id'] as string);
  }
  const first = await api(tenant, 'GET', '/v1/financial/imports?limit=2');
  assert.deepEqual(first.body.items?.map((item) => item['id']), [ids[2], ids[1]]);
  const second = await api(tenant, 'GET', `/v1/financial/imports?limit=2&cursor=${first.body['nextCursor']}`);
  assert.deepEqual(second.body.items?.map((item) => item['id']), [ids[0]]);
  assert.equal(second.body['nextCursor'], null);
  assert.equal((await api(tenant, 'GET', '/v1/financial/imports?cursor=forged')).status, 400);
});

test('tenant isolation: imports, accounts and presets of another tenant are out of reach', async () => {
  const owner = randomUUID();
  const intruder = randomUUID();
  const accountId = await createAccount(owner);
  const done = await importFile(owner, { file: statementFixture('generic.csv'), fileName: 'generic.csv', accountId });
  const preset = await api(owner, 'POST', '/v1/financial/import-presets', { name: 'Private', mapping: { delimiter: ';' } });
  const presetId = preset.body['id'] as string;

  assert.equal((await api(intruder, 'GET', `/v1/financial/imports/${done['id']}`)).status, 404);
  assert.deepEqual((await api(intruder, 'GET', '/v1/financial/imports')).body.items, []);
  const intoForeignAccount = await upload(intruder, { file: statementFixture('generic.csv'), accountId });
  assert.equal(intoForeignAccount.status, 422);
  assert.equal((intoForeignAccount.body['errors'] as Array<{ field: string }>)[0]?.field, 'accountId');
  const ownAccount = await createAccount(intruder);
  const withForeignPreset = await upload(intruder, { file: statementFixture('generic.csv'), accountId: ownAccount, presetId });
  assert.equal((withForeignPreset.body['errors'] as Array<{ field: string }>)[0]?.field, 'presetId');
  assert.equal((await api(intruder, 'GET', `/v1/financial/import-presets/${presetId}`)).status, 404);
  assert.equal((await api(intruder, 'PATCH', `/v1/financial/import-presets/${presetId}`, { name: 'Mine now' })).status, 404);
  assert.equal((await api(intruder, 'DELETE', `/v1/financial/import-presets/${presetId}`)).status, 404);
  assert.deepEqual(
    (await api(intruder, 'GET', '/v1/financial/import-presets')).body.items?.filter((item) => !item['builtIn']),
    [],
  );
  assert.equal((await api(owner, 'GET', `/v1/financial/import-presets/${presetId}`)).body['name'], 'Private');
});

test('an import the job cannot complete ends failed with the line, keeps nothing, and a redelivered job changes nothing', async () => {
  const tenant = randomUUID();
  const accountId = await createAccount(tenant);
  const accepted = await upload(tenant, { file: statementFixture('generic.csv'), fileName: 'generic.csv', accountId });
  assert.equal(accepted.status, 202);
  // The stored file changes under the queued import (as if written by an older, laxer version).
  await harness.queryAsOwner(`update financial.imports set file = $2 where id = $1`, [accepted.body['id'], statementFixture('generic-malformed.csv')]);
  const [job] = await takeRequested();
  assert.ok(job);
  const failed = await runImport({ ctx: jobCtx(tenant), input: { importId: job.importId } });
  assert.equal(failed.status, 'failed');
  assert.deepEqual(failed.outcome.errors, [{ line: 4, message: 'line 4: "three fifty" is not an amount' }]);
  assert.deepEqual(await stored(accountId), []);
  const again = await runImport({ ctx: jobCtx(tenant), input: { importId: job.importId } });
  assert.deepEqual(again, failed);
  assert.deepEqual(await arrivalEvents(tenant), [], 'a failed import tells nothing');
  assert.equal((await api(tenant, 'GET', `/v1/financial/imports/${job.importId}`)).body['status'], 'failed');
});

test('a completed import commits one StatementImported with its counts (no event per transaction), once even when its job is delivered again', async () => {
  const tenant = randomUUID();
  const accountId = await createAccount(tenant);
  const phases = new Map<string, number>();
  const accepted = await upload(tenant, { file: statementFixture('generic.csv'), fileName: 'generic.csv', accountId });
  const [job] = await takeRequested();
  assert.ok(job);
  assert.equal(job.importId, accepted.body['id']);
  const done = await runImport({ ctx: jobCtx(tenant), input: { importId: job.importId, onPhase: (phase, ms) => phases.set(phase, (phases.get(phase) ?? 0) + ms) } });
  assert.equal(done.status, 'completed');
  const imported = { type: 'StatementImported', payload: { importId: job.importId, accountId, created: done.outcome.created, booked: 0, duplicates: 0, categorizedByRules: 0 } };
  assert.ok(done.outcome.created > 0);
  assert.deepEqual(await arrivalEvents(tenant), [imported]);
  assert.deepEqual([...phases.keys()].sort(), ['audit', 'check', 'commit', 'dedup', 'insert', 'outbox', 'parse', 'payments', 'rules'], 'every phase is told');

  const again = await runImport({ ctx: jobCtx(tenant), input: { importId: job.importId } });
  assert.deepEqual(again, done);
  assert.deepEqual(await arrivalEvents(tenant), [imported], 'a redelivered job runs nothing again');

  const duplicate = await upload(tenant, { file: statementFixture('generic.csv'), fileName: 'generic.csv', accountId });
  await runQueued();
  assert.deepEqual((await arrivalEvents(tenant)).at(-1), {
    type: 'StatementImported',
    payload: { importId: duplicate.body['id'], accountId, created: 0, booked: 0, duplicates: done.outcome.created, categorizedByRules: 0 },
  });
});
