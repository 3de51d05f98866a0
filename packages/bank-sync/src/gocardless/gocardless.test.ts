import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createGoCardlessClient, goCardlessConnection, isBankSyncError, requisitionState, type BankSyncError, type GoCardlessClientOptions } from '../index.ts';
import { GOCARDLESS_FIXTURE, startGoCardlessReplay, type GoCardlessReplay } from '../testing/index.ts';

let replay: GoCardlessReplay;
before(async () => {
  replay = await startGoCardlessReplay();
});
after(() => replay.close());

const { checkingAccountId, savingsAccountId, requisitionId } = GOCARDLESS_FIXTURE;

function client(overrides: Partial<GoCardlessClientOptions> = {}) {
  return createGoCardlessClient({
    secretId: GOCARDLESS_FIXTURE.secretId,
    secretKey: GOCARDLESS_FIXTURE.secretKey,
    baseUrl: replay.baseUrl,
    allowInsecureHttp: true,
    ...overrides,
  });
}

const requestsTo = (path: string) => replay.requests.filter((request) => request.path.endsWith(path)).length;

test('connects a bank: institutions, end-user agreement, requisition link, then the linked accounts', async () => {
  const gocardless = client();
  const institutions = await gocardless.institutions('ES');
  assert.deepEqual(
    institutions.map((institution) => [institution.id, institution.transaction_total_days]),
    [
      ['BBVA_BBVAESMM', 730],
      ['CAIXABANK_CAIXESBB', 730],
      ['SANDBOXFINANCE_SFIN0000', 90],
    ],
  );
  const agreement = await gocardless.createAgreement({ institutionId: GOCARDLESS_FIXTURE.institutionId, maxHistoricalDays: 90, accessValidForDays: 90 });
  assert.equal(agreement.max_historical_days, 90);
  const sentAgreement = replay.requests.find((request) => request.path.endsWith('/agreements/enduser/'));
  assert.deepEqual(JSON.parse(sentAgreement?.body ?? '{}'), {
    institution_id: 'SANDBOXFINANCE_SFIN0000',
    max_historical_days: 90,
    access_valid_for_days: 90,
    access_scope: ['balances', 'details', 'transactions'],
  });

  const requisition = await gocardless.createRequisition({
    redirect: 'https://money.example/callback',
    institutionId: GOCARDLESS_FIXTURE.institutionId,
    reference: 'tenant-1-connection-1',
    agreementId: agreement.id,
    userLanguage: 'ES',
  });
  assert.equal(requisition.id, requisitionId);
  assert.match(requisition.link, /^https:\/\/ob\.gocardless\.com\//);
  assert.equal(requisition.reference, 'tenant-1-connection-1');
  assert.equal(requisitionState(requisition.status), 'pending');

  const connection = goCardlessConnection(gocardless, requisitionId);
  assert.deepEqual(await connection.listAccounts(), [], 'no accounts before the user consents');

  replay.link();
  assert.equal(requisitionState((await gocardless.requisition(requisitionId)).status), 'linked');
  const accounts = await connection.listAccounts();
  assert.deepEqual(
    accounts.map(({ id, name, currency, iban, status }) => ({ id, name, currency, iban, status })),
    [
      { id: checkingAccountId, name: 'Main Account', currency: 'EUR', iban: 'ES9121000418450200051332', status: 'READY' },
      { id: savingsAccountId, name: 'Cuenta Ahorro', currency: 'EUR', iban: 'ES7620770024003102575766', status: 'READY' },
    ],
  );
  assert.deepEqual(await connection.fetchBalances(checkingAccountId), [
    { type: 'closingBooked', amount: '1657.51', currency: 'EUR', date: '2025-03-02' },
    { type: 'interimAvailable', amount: '1614.32', currency: 'EUR', date: '2025-03-03' },
  ]);
  assert.equal(requestsTo('/token/new/'), 1, 'one token pair serves every call');
});

test('booked and pending transactions become ingest rows with exact amounts and the provider ids', async () => {
  const connection = goCardlessConnection(client(), requisitionId);
  const { rows, warnings } = await connection.fetchTransactions(checkingAccountId, { from: '2025-02-01', to: '2025-03-03' });
  assert.deepEqual(warnings, []);
  assert.deepEqual(rows, [
    {
      line: 1,
      externalId: '2025030201927908-1',
      bookingDate: '2025-03-02',
      valueDate: '2025-03-02',
      amount: '-45',
      currency: 'EUR',
      counterparty: 'Freshto Ltd',
      description: 'Compra tarjeta 4321 Freshto Mercado',
      notes: null,
      status: 'booked',
    },
    {
      line: 2,
      externalId: '2025030101927907-1',
      bookingDate: '2025-03-01',
      valueDate: '2025-03-01',
      amount: '2450',
      currency: 'EUR',
      counterparty: 'ACME Iberia SL',
      description: 'NOMINA FEBRERO 2025 ACME IBERIA SL',
      notes: 'Transferencia recibida',
      status: 'booked',
    },
    {
      line: 3,
      externalId: 'ed2b4a0c9bf57c8a1c43a3e4b2f6e003',
      bookingDate: '2025-02-27',
      valueDate: '2025-02-26',
      amount: '-12.99',
      currency: 'EUR',
      counterparty: 'Spotify AB',
      description: 'Spotify P2C4A1B2C3 Stockholm',
      notes: null,
      status: 'booked',
    },
    {
      line: 4,
      externalId: null,
      bookingDate: '2025-03-03',
      valueDate: '2025-03-03',
      amount: '-31.2',
      currency: 'EUR',
      counterparty: 'Repsol Estacion 4012',
      description: 'Compra tarjeta 4321 Repsol Estacion',
      notes: null,
      status: 'pending',
    },
    {
      line: 5,
      externalId: null,
      bookingDate: '2025-03-03',
      valueDate: '2025-03-03',
      amount: '-8.5',
      currency: 'EUR',
      counterparty: null,
      description: 'Cafeteria La Plaza',
      notes: null,
      status: 'pending',
    },
  ]);
});

test('the date window goes to the API as date_from/date_to', async () => {
  const connection = goCardlessConnection(client(), requisitionId);
  const { rows } = await connection.fetchTransactions(checkingAccountId, { from: '2025-03-01', to: '2025-03-02' });
  assert.deepEqual(
    rows.map((row) => row.bookingDate),
    ['2025-03-02', '2025-03-01'],
  );
  const last = replay.requests.at(-1);
  assert.equal(last?.query.get('date_from'), '2025-03-01');
  assert.equal(last?.query.get('date_to'), '2025-03-02');
});

test('a 429 surfaces as rate_limited with the seconds GoCardless says to wait, without retrying on its own', async () => {
  const connection = goCardlessConnection(client(), requisitionId);
  replay.rateLimit(1, 3600);
  const before = requestsTo(`/accounts/${checkingAccountId}/transactions/`);
  const error = await connection.fetchTransactions(checkingAccountId, { from: '2025-02-01', to: '2025-03-03' }).catch((caught: unknown) => caught);
  assert.ok(isBankSyncError(error, 'rate_limited'), String(error));
  assert.equal(error.retryAfterSeconds, 3600);
  assert.equal(error.retryable, true);
  assert.equal(requestsTo(`/accounts/${checkingAccountId}/transactions/`), before + 1, 'the client does not hammer the provider');
  const { rows } = await connection.fetchTransactions(checkingAccountId, { from: '2025-02-01', to: '2025-03-03' });
  assert.equal(rows.length, 5, 'after the wait the same call succeeds');
});

test('tokens: cached while valid, refreshed when the access token expires, a new pair when the refresh token does', async () => {
  let now = new Date('2025-03-03T06:00:00Z');
  const gocardless = client({ clock: () => now });
  const newPairs = requestsTo('/token/new/');
  const refreshes = requestsTo('/token/refresh/');
  await gocardless.account(checkingAccountId);
  await gocardless.account(savingsAccountId);
  assert.equal(requestsTo('/token/new/'), newPairs + 1);

  now = new Date(now.getTime() + 86_400_000);
  await gocardless.account(checkingAccountId);
  assert.equal(requestsTo('/token/refresh/'), refreshes + 1, 'an expired access token is refreshed');
  assert.equal(requestsTo('/token/new/'), newPairs + 1, 'without a new pair');

  now = new Date(now.getTime() + 30 * 86_400_000);
  await gocardless.account(checkingAccountId);
  assert.equal(requestsTo('/token/new/'), newPairs + 2, 'an expired refresh token means a new pair');
});

test('a token revoked before its expiry is renewed once and the request repeated', async () => {
  const gocardless = client();
  await gocardless.account(checkingAccountId);
  const refreshes = requestsTo('/token/refresh/');
  replay.revokeAccessTokens();
  const account = await gocardless.account(checkingAccountId);
  assert.equal(account.iban, 'ES9121000418450200051332');
  assert.equal(requestsTo('/token/refresh/'), refreshes + 1);
});

test('wrong secrets are invalid_credentials; plain HTTP is refused unless allowed', async () => {
  const error = await client({ secretKey: 'wrong' })
    .institutions('ES')
    .catch((caught: unknown) => caught);
  assert.ok(isBankSyncError(error, 'invalid_credentials'), String(error));
  assert.equal(error.retryable, false);

  const insecure = await client({ allowInsecureHttp: false })
    .institutions('ES')
    .catch((caught: unknown) => caught);
  assert.ok(isBankSyncError(insecure, 'insecure_url'), String(insecure));
});

test('an expired agreement is access_expired, for the data and for the requisition', async () => {
  const gocardless = client();
  replay.expireAgreement();
  const data = await gocardless.transactions(checkingAccountId).catch((caught: unknown) => caught);
  assert.ok(isBankSyncError(data, 'access_expired'), String(data));
  assert.match((data as BankSyncError).message, /EUA was valid for 90 days and is expired/);
  const listing = await goCardlessConnection(gocardless, requisitionId)
    .listAccounts()
    .catch((caught: unknown) => caught);
  assert.ok(isBankSyncError(listing, 'access_expired'), String(listing));
});
