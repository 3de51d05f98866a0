import { GOCARDLESS_FIXTURE, SIMPLEFIN_FIXTURE, startGoCardlessReplay, startSimpleFinReplay, type GoCardlessReplay, type SimpleFinReplay } from '@ai-service/bank-sync/testing';
import { createBankSyncDeps, isFinancialError, syncBankConnection, type SyncContext, type SyncJob, type SyncQueue } from '@ai-service/financial-domain';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { READ, startFinancialHarness, type FinancialHarness } from './test-harness.ts';

const SECRETS_KEY = randomBytes(32).toString('base64');
let now = new Date('2025-03-04T07:00:00Z');
const clock = () => now;
const http = { allowInsecureHttp: true, clock };

/** The queue as the service drives it: what was enqueued and which connections have a schedule. */
const queued: SyncJob[] = [];
const schedules = new Map<string, number>();
const queue: SyncQueue = {
  enqueueSync: async (job) => {
    queued.push(job);
  },
  scheduleConnection: async (job, minutes) => {
    schedules.set(job.connectionId, minutes);
  },
  unscheduleConnection: async (connectionId) => {
    schedules.delete(connectionId);
  },
};

let harness: FinancialHarness;
let gocardless: GoCardlessReplay;
let simplefin: SimpleFinReplay;
before(async () => {
  gocardless = await startGoCardlessReplay();
  simplefin = await startSimpleFinReplay();
  harness = await startFinancialHarness({ clock, env: { FINANCIAL_SECRETS_KEY: SECRETS_KEY, GOCARDLESS_API_URL: gocardless.baseUrl }, bankSync: { http, queue } });
});
after(async () => {
  await harness.close();
  await gocardless.close();
  await simplefin.close();
});

type Json = Record<string, unknown> & { items?: Array<Record<string, unknown>> };

async function api(tenantId: string, method: string, path: string, body?: unknown, perms?: string[]): Promise<{ status: number; body: Json }> {
  const { headers } = await harness.as(tenantId, perms);
  const response = await fetch(`${harness.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

/** The worker's view: the domain's syncBankConnection with the same key and replay servers. */
function syncCtx(tenantId: string): SyncContext {
  const bankSync = createBankSyncDeps({ secretsKey: Buffer.from(SECRETS_KEY, 'base64'), defaultIntervalMinutes: 360, goCardlessApiUrl: gocardless.baseUrl, http, queue });
  return { ...harness.ctxFor(tenantId, null), bankSync };
}

const liveTransactions = (accountId: string) =>
  harness.queryAsOwner<{ external_id: string | null; amount: string; status: string; booking_date: string; source: string }>(
    `select external_id, amount::text, status, booking_date::text, source from financial.transactions where account_id = $1 and deleted_at is null order by booking_date, amount`,
    [accountId],
  );

const tenant = randomUUID();
let goCardlessConnectionId = '';
let checkingAccountId = '';

test('settings: GoCardless secrets are checked with GoCardless, stored encrypted and never shown', async () => {
  const defaults = await api(tenant, 'GET', '/v1/financial/bank-sync/settings');
  assert.deepEqual(
    defaults.body.items?.map((item) => [item['provider'], item['environment'], item['configured']]),
    [
      ['gocardless', 'sandbox', false],
      ['simplefin', 'sandbox', true],
    ],
  );

  const wrong = await api(tenant, 'PUT', '/v1/financial/bank-sync/settings/gocardless', { secretId: GOCARDLESS_FIXTURE.secretId, secretKey: 'not-the-key' });
  assert.equal(wrong.status, 422);
  assert.equal((wrong.body['errors'] as Array<{ field: string }>)[0]?.field, 'secretKey');

  const saved = await api(tenant, 'PUT', '/v1/financial/bank-sync/settings/gocardless', { secretId: GOCARDLESS_FIXTURE.secretId, secretKey: GOCARDLESS_FIXTURE.secretKey });
  assert.equal(saved.status, 200);
  assert.deepEqual({ ...saved.body, updatedAt: undefined }, { provider: 'gocardless', environment: 'sandbox', configured: true, secretHint: '••••t-id', updatedAt: undefined });
  assert.doesNotMatch(JSON.stringify((await api(tenant, 'GET', '/v1/financial/bank-sync/settings')).body), /replay-secret/);

  const [row] = await harness.queryAsOwner<Record<string, unknown>>(`select * from financial.integration_settings where tenant_id = $1`, [tenant]);
  const stored = JSON.stringify(row);
  assert.doesNotMatch(stored, /replay-secret-key|replay-secret-id/, 'the secrets are not stored in clear');
  assert.match(String(row?.['secrets_sealed']), /^v1\./);

  const readOnly = await api(tenant, 'PUT', '/v1/financial/bank-sync/settings/gocardless', { environment: 'live' }, READ);
  assert.equal(readOnly.status, 403);
});

test('GoCardless: sandbox offers its test bank, the connection waits for consent, then lists the accounts to link', async () => {
  const institutions = await api(tenant, 'GET', '/v1/financial/bank-sync/institutions?country=ES');
  assert.deepEqual(
    institutions.body.items?.map((item) => item['id']),
    [GOCARDLESS_FIXTURE.institutionId],
  );
  const realBank = await api(tenant, 'POST', '/v1/financial/bank-connections', { provider: 'gocardless', institutionId: 'BBVA_BBVAESMM', redirectUrl: 'https://money.example/back' });
  assert.equal(realBank.status, 422, 'sandbox connects only the test bank');

  const created = await api(tenant, 'POST', '/v1/financial/bank-connections', {
    provider: 'gocardless',
    institutionId: GOCARDLESS_FIXTURE.institutionId,
    redirectUrl: 'https://money.example/back',
  });
  assert.equal(created.status, 201);
  assert.equal(created.body['status'], 'pending');
  assert.match(String(created.body['consentLink']), /^https:\/\/ob\.gocardless\.com\//);
  goCardlessConnectionId = String(created.body['id']);
  const requisition = gocardless.requests.find((request) => request.method === 'POST' && request.path.endsWith('/requisitions/'));
  assert.equal(JSON.parse(requisition?.body ?? '{}').reference, goCardlessConnectionId, 'the requisition reference is the connection id');
  assert.equal(schedules.has(goCardlessConnectionId), false, 'nothing to sync before consent');

  const early = await api(tenant, 'POST', `/v1/financial/bank-connections/${goCardlessConnectionId}/sync`);
  assert.equal(early.status, 409);

  gocardless.link();
  const refreshed = await api(tenant, 'POST', `/v1/financial/bank-connections/${goCardlessConnectionId}/refresh`);
  assert.equal(refreshed.body['status'], 'linked');
  assert.equal(refreshed.body['consentLink'], null);
  const accounts = refreshed.body['accounts'] as Array<Record<string, unknown>>;
  assert.deepEqual(
    accounts.map((account) => [account['providerAccountId'], account['currency'], account['accountId']]),
    [
      [GOCARDLESS_FIXTURE.checkingAccountId, 'EUR', null],
      [GOCARDLESS_FIXTURE.savingsAccountId, 'EUR', null],
    ],
  );
  assert.equal(schedules.get(goCardlessConnectionId), 360, 'linked: synced every FINANCIAL_SYNC_INTERVAL_MINUTES by default');

  const linked = await api(tenant, 'PUT', `/v1/financial/bank-connections/${goCardlessConnectionId}/accounts/${String(accounts[0]?.['id'])}/link`, {
    createAccount: { type: 'checking' },
  });
  assert.equal(linked.status, 200);
  checkingAccountId = String(linked.body['accountId']);
  const account = await api(tenant, 'GET', `/v1/financial/accounts/${checkingAccountId}`);
  assert.deepEqual([account.body['name'], account.body['currency'], account.body['iban']], ['Main Account', 'EUR', 'ES9121000418450200051332']);

  const dollars = await api(tenant, 'POST', '/v1/financial/accounts', { name: 'US checking', type: 'checking', currency: 'USD' });
  const mismatch = await api(tenant, 'PUT', `/v1/financial/bank-connections/${goCardlessConnectionId}/accounts/${String(accounts[1]?.['id'])}/link`, {
    accountId: dollars.body['id'],
  });
  assert.equal(mismatch.status, 422);
  const twice = await api(tenant, 'PUT', `/v1/financial/bank-connections/${goCardlessConnectionId}/accounts/${String(accounts[1]?.['id'])}/link`, {
    accountId: checkingAccountId,
  });
  assert.equal(twice.status, 409, 'one local account is fed by one bank account');

  const interval = await api(tenant, 'PATCH', `/v1/financial/bank-connections/${goCardlessConnectionId}`, { syncIntervalMinutes: 120 });
  assert.equal(interval.body['syncIntervalMinutes'], 120);
  assert.equal(schedules.get(goCardlessConnectionId), 120, 'the schedule follows the interval');
});

test('GoCardless sync: creates the transactions, a re-run creates none, a pending one booked later stays one transaction', async () => {
  const ctx = syncCtx(tenant);
  const first = await syncBankConnection({ ctx, input: { connectionId: goCardlessConnectionId, trigger: 'schedule' } });
  assert.deepEqual(
    first.accounts.map(({ created, booked, duplicates, fetched }) => ({ created, booked, duplicates, fetched })),
    [{ created: 5, booked: 0, duplicates: 0, fetched: 5 }],
  );
  assert.equal((await liveTransactions(checkingAccountId)).filter((row) => row.status === 'pending').length, 2);
  assert.ok((await liveTransactions(checkingAccountId)).every((row) => row.source === 'gocardless'));

  const again = await syncBankConnection({ ctx, input: { connectionId: goCardlessConnectionId, trigger: 'schedule' } });
  assert.deepEqual(
    again.accounts.map(({ created, booked, duplicates }) => ({ created, booked, duplicates })),
    [{ created: 0, booked: 0, duplicates: 5 }],
  );

  now = new Date('2025-03-05T07:00:00Z');
  gocardless.serveTransactions(GOCARDLESS_FIXTURE.checkingAccountId, 'transactions-later.json');
  const later = await syncBankConnection({ ctx, input: { connectionId: goCardlessConnectionId, trigger: 'manual' } });
  assert.deepEqual(
    later.accounts.map(({ created, booked }) => ({ created, booked })),
    [{ created: 0, booked: 1 }],
  );
  const repsol = (await liveTransactions(checkingAccountId)).filter((row) => row.amount === '-31.2000');
  assert.deepEqual(
    repsol.map((row) => [row.status, row.external_id, row.booking_date]),
    [['booked', '2025030401927911-1', '2025-03-04']],
    'the pending transaction became the booked one: no duplicate',
  );

  const request = gocardless.requests.filter((entry) => entry.path.endsWith(`/accounts/${GOCARDLESS_FIXTURE.checkingAccountId}/transactions/`)).at(-1);
  assert.equal(request?.query.get('date_from'), '2025-02-18', 'later syncs read from two weeks before the last one');
  assert.equal(request?.query.get('date_to'), '2025-03-05');
});

test('a 429 is recorded with its next attempt and fails the sync as rate_limited; the next sync succeeds', async () => {
  const ctx = syncCtx(tenant);
  gocardless.rateLimit(1, 3600);
  const error = await syncBankConnection({ ctx, input: { connectionId: goCardlessConnectionId, trigger: 'schedule' } }).catch((caught: unknown) => caught);
  assert.ok(isFinancialError(error, 'rate_limited'), String(error));
  assert.equal(error.details?.['retryAfterSeconds'], 3600);

  const runs = await api(tenant, 'GET', `/v1/financial/bank-connections/${goCardlessConnectionId}/runs`);
  const latest = runs.body.items?.[0];
  assert.equal(latest?.['status'], 'rate_limited');
  assert.equal(latest?.['nextAttemptAt'], new Date(now.getTime() + 3600_000).toISOString());
  assert.match(String(latest?.['error']), /rate limited/);

  const retried = await syncBankConnection({ ctx, input: { connectionId: goCardlessConnectionId, trigger: 'schedule' } });
  assert.equal(retried.accounts[0]?.created, 0);
  const statuses = (await api(tenant, 'GET', `/v1/financial/bank-connections/${goCardlessConnectionId}/runs`)).body.items?.map((run) => run['status']);
  assert.deepEqual(statuses, ['succeeded', 'rate_limited', 'succeeded', 'succeeded', 'succeeded']);
});

test('sync on demand queues a syncBank job for the connection', async () => {
  const response = await api(tenant, 'POST', `/v1/financial/bank-connections/${goCardlessConnectionId}/sync`);
  assert.equal(response.status, 202);
  assert.deepEqual(queued.at(-1), { tenantId: tenant, connectionId: goCardlessConnectionId, trigger: 'manual' });
});

test('SimpleFIN: the setup token is claimed once, the access URL stored encrypted; sync is idempotent and pending→booked is one transaction', async () => {
  now = new Date('2025-06-30T08:00:00Z');
  const created = await api(tenant, 'POST', '/v1/financial/bank-connections', { provider: 'simplefin', setupToken: simplefin.setupToken, syncIntervalMinutes: 720 });
  assert.equal(created.status, 201);
  assert.equal(created.body['status'], 'linked');
  assert.equal(created.body['institutionName'], 'Chase Bank');
  const connectionId = String(created.body['id']);
  assert.equal(schedules.get(connectionId), 720);
  const accounts = created.body['accounts'] as Array<Record<string, unknown>>;
  assert.deepEqual(
    accounts.map((account) => [account['providerAccountId'], account['currency'], (account['balances'] as unknown[]).length]).sort(),
    [
      [SIMPLEFIN_FIXTURE.cardAccountId, 'USD', 1],
      [SIMPLEFIN_FIXTURE.checkingAccountId, 'USD', 2],
    ],
  );
  const checking = accounts.find((account) => account['providerAccountId'] === SIMPLEFIN_FIXTURE.checkingAccountId);

  const reused = await api(tenant, 'POST', '/v1/financial/bank-connections', { provider: 'simplefin', setupToken: simplefin.setupToken });
  assert.equal(reused.status, 409, 'a setup token claimed before is refused');
  const garbage = await api(tenant, 'POST', '/v1/financial/bank-connections', { provider: 'simplefin', setupToken: 'not a token' });
  assert.equal(garbage.status, 422);

  const [row] = await harness.queryAsOwner<Record<string, unknown>>(`select * from financial.bank_connections where id = $1`, [connectionId]);
  assert.doesNotMatch(JSON.stringify(row), /replay-user|replay p@ss|replay%20p%40ss|127\.0\.0\.1/, 'the access URL and its credentials are not stored in clear');
  assert.doesNotMatch(JSON.stringify(created.body), /replay-user|p%40ss/);

  const linked = await api(tenant, 'PUT', `/v1/financial/bank-connections/${connectionId}/accounts/${String(checking?.['id'])}/link`, {
    createAccount: { type: 'checking', name: 'Chase checking' },
  });
  const accountId = String(linked.body['accountId']);

  const ctx = syncCtx(tenant);
  const first = await syncBankConnection({ ctx, input: { connectionId, trigger: 'schedule' } });
  assert.equal(first.accounts[0]?.created, 6, 'the first sync reads 90 days back: the March 25 rent is older');
  const again = await syncBankConnection({ ctx, input: { connectionId, trigger: 'schedule' } });
  assert.deepEqual([again.accounts[0]?.created, again.accounts[0]?.duplicates], [0, 2], 'the re-run reads from two weeks before: two rows, both known');

  now = new Date('2025-07-02T08:00:00Z');
  simplefin.serveAccounts('accounts-later.json');
  const later = await syncBankConnection({ ctx, input: { connectionId, trigger: 'schedule' } });
  assert.deepEqual([later.accounts[0]?.created, later.accounts[0]?.booked], [0, 1]);
  const shell = (await liveTransactions(accountId)).filter((transaction) => transaction.amount === '-42.1700');
  assert.deepEqual(
    shell.map((transaction) => [transaction.status, transaction.source]),
    [['booked', 'simplefin']],
  );
  assert.equal((await liveTransactions(accountId)).length, 6);
});

test('every bank sync endpoint is tenant-scoped: another tenant sees nothing and changes nothing', async () => {
  const other = randomUUID();
  const connection = `/v1/financial/bank-connections/${goCardlessConnectionId}`;
  const listed = await api(other, 'GET', '/v1/financial/bank-connections');
  assert.deepEqual(listed.body.items, []);
  const settings = await api(other, 'GET', '/v1/financial/bank-sync/settings');
  assert.equal(settings.body.items?.[0]?.['configured'], false);
  assert.equal((await api(other, 'GET', '/v1/financial/bank-sync/institutions?country=ES')).status, 409, 'not configured for this tenant');
  const [accountLink] = await harness.queryAsOwner<{ id: string }>(`select id from financial.bank_connection_accounts where connection_id = $1 limit 1`, [goCardlessConnectionId]);
  const attempts: Array<[string, string, unknown?]> = [
    ['GET', connection],
    ['PATCH', connection, { syncIntervalMinutes: 60 }],
    ['DELETE', connection],
    ['POST', `${connection}/refresh`],
    ['POST', `${connection}/sync`],
    ['GET', `${connection}/runs`],
    ['PUT', `${connection}/accounts/${accountLink?.id}/link`, { accountId: null }],
  ];
  for (const [method, path, body] of attempts) {
    const response = await api(other, method, path, body);
    assert.equal(response.status, 404, `${method} ${path}`);
  }
  const ctx = syncCtx(other);
  await assert.rejects(syncBankConnection({ ctx, input: { connectionId: goCardlessConnectionId, trigger: 'manual' } }), (error: unknown) => isFinancialError(error, 'not_found'));
  assert.equal((await api(tenant, 'GET', connection)).body['syncIntervalMinutes'], 120, 'unchanged for its tenant');
});

test('deleting a connection ends the GoCardless consent and its schedule; its transactions stay', async () => {
  const deleted = await api(tenant, 'DELETE', `/v1/financial/bank-connections/${goCardlessConnectionId}`);
  assert.equal(deleted.status, 204);
  assert.ok(gocardless.requests.some((request) => request.method === 'DELETE' && request.path.endsWith(`/requisitions/${GOCARDLESS_FIXTURE.requisitionId}/`)));
  assert.equal(schedules.has(goCardlessConnectionId), false);
  assert.equal((await api(tenant, 'GET', `/v1/financial/bank-connections/${goCardlessConnectionId}`)).status, 404);
  assert.equal((await liveTransactions(checkingAccountId)).length, 5);
});
