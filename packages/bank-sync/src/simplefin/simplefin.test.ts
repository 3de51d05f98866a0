import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { claimSimpleFinAccessUrl, createSimpleFinClient, decodeSetupToken, isBankSyncError, simpleFinConnection } from '../index.ts';
import { SIMPLEFIN_FIXTURE, startSimpleFinReplay, type SimpleFinReplay } from '../testing/index.ts';

let replay: SimpleFinReplay;
let accessUrl: string;
before(async () => {
  replay = await startSimpleFinReplay();
});
after(() => replay.close());

const http = { allowInsecureHttp: true };
const { checkingAccountId, cardAccountId } = SIMPLEFIN_FIXTURE;
const clock = () => new Date('2025-06-30T08:00:00Z');
const connection = () => simpleFinConnection(createSimpleFinClient({ accessUrl, ...http }), { clock });

test('claims the access URL from the setup token once; a second claim is refused as possibly compromised', async () => {
  assert.equal(decodeSetupToken(replay.setupToken).pathname, '/simplefin/claim/replay-claim-token');
  accessUrl = await claimSimpleFinAccessUrl(replay.setupToken, http);
  assert.equal(accessUrl, replay.accessUrl);
  const again = await claimSimpleFinAccessUrl(replay.setupToken, http).catch((caught: unknown) => caught);
  assert.ok(isBankSyncError(again, 'setup_token_claimed'), String(again));
  assert.doesNotMatch(again.message, /replay-claim-token/, 'the token stays out of error messages');
});

test('a setup token that is not base64 of a URL is refused before any request', async () => {
  const requests = replay.requests.length;
  for (const token of ['not a token!', Buffer.from('just words').toString('base64'), Buffer.from('ftp://bridge/claim/x').toString('base64')]) {
    const error = await claimSimpleFinAccessUrl(token, http).catch((caught: unknown) => caught);
    assert.ok(isBankSyncError(error, 'invalid_setup_token'), `${token}: ${String(error)}`);
  }
  assert.equal(replay.requests.length, requests);
});

test('lists accounts with their balances, authenticating with the credentials of the access URL', async () => {
  const accounts = await connection().listAccounts();
  assert.deepEqual(accounts, [
    {
      id: checkingAccountId,
      name: 'TOTAL CHECKING (...4821)',
      currency: 'USD',
      iban: null,
      institution: 'Chase Bank',
      status: null,
      balances: [
        { type: 'current', amount: '4213.07', currency: 'USD', date: '2025-06-30' },
        { type: 'available', amount: '4170.9', currency: 'USD', date: '2025-06-30' },
      ],
    },
    {
      id: cardAccountId,
      name: 'SAPPHIRE PREFERRED (...9912)',
      currency: 'USD',
      iban: null,
      institution: 'Chase Bank',
      status: null,
      balances: [{ type: 'current', amount: '-1620.4', currency: 'USD', date: '2025-06-30' }],
    },
  ]);
  const request = replay.requests.at(-1);
  assert.equal(request?.query.get('balances-only'), '1');
  assert.equal(request?.headers['authorization'], `Basic ${Buffer.from('replay-user:replay p@ss').toString('base64')}`);
});

test('fetches a long range in windows the bridge accepts, with pending transactions, as ingest rows', async () => {
  const before = replay.requests.length;
  const { rows, warnings } = await connection().fetchTransactions(checkingAccountId, { from: '2025-03-20', to: '2025-06-30' });
  assert.deepEqual(warnings, []);
  const requests = replay.requests.slice(before);
  assert.equal(requests.length, 2, '103 days take two windows of at most 60 days');
  for (const request of requests) {
    const days = (Number(request.query.get('end-date')) - Number(request.query.get('start-date'))) / 86_400;
    assert.ok(days <= 60, `window of ${days} days`);
    assert.deepEqual(request.query.getAll('account'), [checkingAccountId]);
  }
  assert.deepEqual(
    requests.map((request) => request.query.get('pending')),
    [null, '1'],
    'pending transactions are asked for once, with the latest window',
  );
  assert.equal(requests[0]?.query.get('start-date'), String(Date.parse('2025-03-20T00:00:00Z') / 1000));
  assert.equal(requests[1]?.query.get('end-date'), String(Date.parse('2025-07-01T00:00:00Z') / 1000), 'end-date is exclusive: the last day is included');

  assert.deepEqual(
    rows.map((row) => [row.line, row.externalId, row.bookingDate, row.amount, row.status]),
    [
      [1, 'TRN-8a1b7c21-5d0b-4f2a-9d87-2f6c1e0a9b01', '2025-03-25', '-1200', 'booked'],
      [2, 'TRN-8a1b7c21-5d0b-4f2a-9d87-2f6c1e0a9b02', '2025-04-15', '3200', 'booked'],
      [3, 'TRN-8a1b7c21-5d0b-4f2a-9d87-2f6c1e0a9b03', '2025-05-02', '-54.23', 'booked'],
      [4, 'TRN-8a1b7c21-5d0b-4f2a-9d87-2f6c1e0a9b04', '2025-05-20', '-89.99', 'booked'],
      [5, 'TRN-8a1b7c21-5d0b-4f2a-9d87-2f6c1e0a9b05', '2025-06-10', '-23.45', 'booked'],
      [6, 'TRN-8a1b7c21-5d0b-4f2a-9d87-2f6c1e0a9b06', '2025-06-27', '-15.75', 'booked'],
      [7, 'TRN-pending-4c2f1e9a', '2025-06-29', '-42.17', 'pending'],
    ],
  );
  assert.deepEqual(rows[4], {
    line: 5,
    externalId: 'TRN-8a1b7c21-5d0b-4f2a-9d87-2f6c1e0a9b05',
    bookingDate: '2025-06-10',
    valueDate: '2025-06-09',
    amount: '-23.45',
    currency: 'USD',
    counterparty: 'Amazon',
    description: 'AMAZON MKTPLACE PMTS AMZN.COM/BILL WA',
    notes: 'Order 112-4417321-0937049',
    status: 'booked',
  });
});

test('a pending transaction later posted comes back booked', async () => {
  replay.serveAccounts('accounts-later.json');
  try {
    const { rows } = await connection().fetchTransactions(checkingAccountId, { from: '2025-06-01', to: '2025-07-02' });
    assert.deepEqual(
      rows.map((row) => [row.bookingDate, row.amount, row.status]),
      [
        ['2025-06-10', '-23.45', 'booked'],
        ['2025-06-27', '-15.75', 'booked'],
        ['2025-07-01', '-42.17', 'booked'],
      ],
    );
  } finally {
    replay.serveAccounts('accounts.json');
  }
});

test('numbers sent unquoted stay exact, and the bridge errors reach the user as clean one-line warnings', async () => {
  replay.serveAccounts('accounts-with-errors.json');
  try {
    const set = await createSimpleFinClient({ accessUrl, ...http }).accounts();
    assert.equal(set.accounts[0]?.transactions[0]?.amount, '-1234567890123456.78');
    assert.equal(set.accounts[0]?.balance, '4213.07');
    const { warnings } = await connection().fetchTransactions(checkingAccountId, { from: '2025-06-01', to: '2025-06-30' });
    assert.deepEqual(warnings, ['Connection to Chase Bank may need attention', 'Authentication failed for Chase Bank - Jane. Please sign in again.']);
  } finally {
    replay.serveAccounts('accounts.json');
  }
});

test('a 429 is rate_limited with Retry-After; revoked access is access_expired; plain HTTP needs opting in', async () => {
  replay.rateLimit(1, 120);
  const limited = await connection()
    .fetchBalances(checkingAccountId)
    .catch((caught: unknown) => caught);
  assert.ok(isBankSyncError(limited, 'rate_limited'), String(limited));
  assert.equal(limited.retryAfterSeconds, 120);
  assert.equal((await connection().fetchBalances(checkingAccountId)).length, 2);

  assert.throws(() => createSimpleFinClient({ accessUrl }), (error: unknown) => isBankSyncError(error, 'insecure_url'));

  replay.revoke();
  const revoked = await connection()
    .listAccounts()
    .catch((caught: unknown) => caught);
  assert.ok(isBankSyncError(revoked, 'access_expired'), String(revoked));
  assert.doesNotMatch(revoked.message, /replay-user|p@ss/, 'credentials stay out of error messages');
});
