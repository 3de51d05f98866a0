// The whole platform as `npm start` runs it (the launcher and its eight processes, queues on
// Postgres), driven only through the gateway the way the web app and scripts use it: sign up,
// import a bank statement with a rule categorizing it, re-import it, bill a client and see the
// payment matched, then import candles, run a backtest on worker-trading and replay the candles in
// a paper session until it is stopped.
import { ALL_READY_PATTERN, isolatedLauncherEnv, spawnLauncher, type LauncherRun } from '@ai-service/launcher/testing';
import { createTestDatabase, requireTestDatabaseUrl, waitFor, type TestDatabase } from '@ai-service/testing';
import { randomWalkCandles } from '@ai-service/trading/testing';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

type Json = Record<string, unknown>;

const STATEMENT = new URL('../packages/statement-import/fixtures/spanish-bank.csv', import.meta.url);

let database: TestDatabase;
let workDir: string;
let launcher: LauncherRun;
let gateway: string;
let token: string;

before(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl());
  workDir = await mkdtemp(path.join(tmpdir(), 'platform-e2e-'));
  await chmod(workDir, 0o755);
  const env = await isolatedLauncherEnv(process.env, path.join(workDir, 'data'));
  env['DATABASE_URL'] = database.url;
  delete env['REDIS_URL'];
  launcher = spawnLauncher(env);
  await launcher.waitForOutput(ALL_READY_PATTERN, 90_000);
  gateway = `http://127.0.0.1:${env['GATEWAY_PORT']}`;

  const email = `e2e-${randomUUID().slice(0, 8)}@example.org`;
  const session = await call('POST', '/v1/auth/register', { tenantName: 'E2E household', email, password: 'correct horse battery staple' });
  assert.equal(session.status, 201, JSON.stringify(session.body));
  token = (session.body['tokens'] as { accessToken: string }).accessToken;
});

after(async () => {
  launcher?.child.kill('SIGINT');
  await launcher?.exited;
  await rm(workDir, { recursive: true, force: true });
  await database?.drop();
});

async function call(method: string, pathname: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const isForm = body instanceof FormData;
  const response = await fetch(`${gateway}${pathname}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined || isForm ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: isForm ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

async function created(pathname: string, body: unknown): Promise<Json> {
  const response = await call('POST', pathname, body);
  assert.equal(response.status, 201, `${pathname}: ${JSON.stringify(response.body)}`);
  return response.body;
}

function upload(fields: Record<string, string>, file: Blob, fileName: string): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file, fileName);
  return form;
}

async function importStatement(accountId: string): Promise<Json> {
  const accepted = await call('POST', '/v1/financial/imports', upload({ accountId }, new Blob([await readFile(STATEMENT)]), 'extracto.csv'));
  assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
  return waitFor(
    async () => {
      const state = await call('GET', `/v1/financial/imports/${String(accepted.body['id'])}`);
      return state.body['status'] === 'completed' || state.body['status'] === 'failed' ? state.body : undefined;
    },
    { timeoutMs: 60_000, what: 'import finished by worker-financial' },
  );
}

test('a statement imported through the gateway is stored, categorized by a rule, and a second import of it creates nothing', async () => {
  const account = await created('/v1/financial/accounts', { name: 'Cuenta nómina', type: 'checking', currency: 'EUR', openingBalance: '1234.21' });
  const groceries = await created('/v1/financial/categories', { name: 'Groceries', kind: 'expense' });
  const group = await created('/v1/financial/rule-groups', { name: 'Everyday' });
  await created('/v1/financial/rules', {
    groupId: group['id'],
    name: 'Supermarket',
    conditions: [{ field: 'description', op: 'contains', value: 'mercadona' }],
    actions: [{ type: 'setCategory', value: groceries['id'] }],
  });

  const first = await importStatement(String(account['id']));
  assert.equal(first['status'], 'completed', JSON.stringify(first));
  const createdCount = Number((first['outcome'] as Json)['created']);
  assert.ok(createdCount > 0, JSON.stringify(first));

  const listed = await call('GET', `/v1/financial/transactions?accountId=${String(account['id'])}&limit=500`);
  assert.equal(listed.status, 200);
  const items = listed.body['items'] as Array<{ description: string; amount: string; categoryId: string | null }>;
  assert.equal(items.length, createdCount);
  const mercadona = items.find((item) => /MERCADONA/.test(item.description));
  assert.equal(mercadona?.amount, '-62.15', 'decimal comma and thousands dot read exactly');
  assert.equal(mercadona?.categoryId, groceries['id'], 'the ingest rule categorized it');

  const again = await importStatement(String(account['id']));
  assert.equal(Number((again['outcome'] as Json)['created']), 0, JSON.stringify(again));
  const relisted = await call('GET', `/v1/financial/transactions?accountId=${String(account['id'])}&limit=500`);
  assert.equal((relisted.body['items'] as unknown[]).length, createdCount, 'no duplicates');
});

test('an invoice issued through the gateway renders as a PDF, and a bank payment naming its number marks it paid', async () => {
  const settings = await call('PUT', '/v1/financial/invoice-settings', { sellerName: 'E2E Studio SL', defaultCurrency: 'EUR', iban: 'ES91 2100 0418 4502 0005 1332' });
  assert.equal(settings.status, 200, JSON.stringify(settings.body));
  const account = await created('/v1/financial/accounts', { name: 'Business', type: 'checking', currency: 'EUR' });
  const client = await created('/v1/financial/clients', { name: 'Acme Iberia', currency: 'EUR', paymentTermsDays: 30 });
  const draft = await created('/v1/financial/invoices', { clientId: client['id'], lines: [{ description: 'Consulting', quantity: '10', unitPrice: '95.00', taxRate: '21' }] });
  assert.deepEqual([draft['netTotal'], draft['taxTotal'], draft['total']], ['950.00', '199.50', '1149.50']);
  const issued = await call('POST', `/v1/financial/invoices/${String(draft['id'])}/issue`);
  assert.equal(issued.status, 200, JSON.stringify(issued.body));
  const number = String(issued.body['number']);

  const pdf = await fetch(`${gateway}/v1/financial/invoices/${String(draft['id'])}/pdf`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1'), '%PDF-');

  const owed = await call('GET', '/v1/financial/reports/receivables');
  assert.equal(owed.status, 200, JSON.stringify(owed.body));
  assert.equal((owed.body['invoices'] as unknown[]).length, 1);

  await created('/v1/financial/transactions', { accountId: account['id'], bookingDate: String(issued.body['issueDate']), amount: '1149.50', description: `TRANSFERENCIA ACME IBERIA FRA ${number}` });
  const paid = await call('GET', `/v1/financial/invoices/${String(draft['id'])}`);
  assert.deepEqual([paid.body['status'], paid.body['amountDue']], ['paid', '0.00']);
  assert.deepEqual((await call('GET', '/v1/financial/reports/receivables')).body['invoices'], []);
});

test('candles uploaded through the gateway feed a backtest that worker-trading runs to completion', async () => {
  const hour = 3_600_000;
  const start = Date.UTC(2024, 0, 1);
  const candles = randomWalkCandles({ candles: 300, seed: 7, stepMs: hour, start });
  const csv = ['timestamp,open,high,low,close,volume', ...candles.map((c) => [c.time, c.open, c.high, c.low, c.close, c.volume].join(','))].join('\n');
  const series = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };
  const stored = await call('POST', '/v1/trading/candles', upload(series, new Blob([csv]), 'btc.csv'));
  assert.equal(stored.status, 201, JSON.stringify(stored.body));
  assert.equal(stored.body['inserted'], 300);

  const requested = await call('POST', '/v1/trading/backtest', {
    strategy: 'sma-crossover',
    parameters: { fast: 5, slow: 20 },
    ...series,
    from: new Date(start).toISOString(),
    to: new Date(start + 300 * hour).toISOString(),
    initialCapital: '10000',
    fee: 0.001,
    slippage: 0.0005,
  });
  assert.equal(requested.status, 202, JSON.stringify(requested.body));
  const result = await waitFor(
    async () => {
      const state = await call('GET', `/v1/trading/backtests/${String(requested.body['id'])}`);
      return state.body['status'] === 'completed' || state.body['status'] === 'failed' ? state.body : undefined;
    },
    { timeoutMs: 60_000, what: 'backtest finished by worker-trading' },
  );
  assert.equal(result['status'], 'completed', JSON.stringify(result));
  assert.equal(typeof (result['result'] as { metrics?: { finalEquity?: unknown } } | undefined)?.metrics?.finalEquity, 'number', JSON.stringify(result));
});

test('a paper session deployed through the gateway replays stored candles on worker-trading until it is stopped', async () => {
  const hour = 3_600_000;
  const start = Date.UTC(2024, 0, 1);
  const candles = randomWalkCandles({ candles: 300, seed: 7, stepMs: hour, start });
  const csv = ['timestamp,open,high,low,close,volume', ...candles.map((c) => [c.time, c.open, c.high, c.low, c.close, c.volume].join(','))].join('\n');
  const stored = await call('POST', '/v1/trading/candles', upload({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' }, new Blob([csv]), 'btc.csv'));
  assert.equal(stored.status, 201, JSON.stringify(stored.body));

  const deployed = await call('POST', '/v1/trading/deploy', {
    strategy: 'sma-crossover',
    parameters: { fast: 5, slow: 20 },
    exchange: 'binance',
    symbols: ['BTC/USDT'],
    timeframe: '1h',
    mode: 'paper',
    capital: '10000',
    replay: { from: new Date(start + 250 * hour).toISOString(), to: new Date(start + 300 * hour).toISOString() },
  });
  assert.equal(deployed.status, 202, JSON.stringify(deployed.body));
  const statusPath = `/v1/trading/status/${String(deployed.body['id'])}`;
  await waitFor(
    async () => {
      const status = await call('GET', statusPath);
      return ['Live', 'Monitoring'].includes(String(status.body['state'])) && Number(status.body['ticks']) > 0 ? true : undefined;
    },
    { timeoutMs: 60_000, what: 'the session Live and ticking' },
  );
  assert.equal((await call('POST', `/v1/trading/stop/${String(deployed.body['id'])}`)).status, 202);
  const stopped = await waitFor(
    async () => {
      const status = await call('GET', statusPath);
      return status.body['state'] === 'Stopped' ? status.body : undefined;
    },
    { timeoutMs: 60_000, what: 'the session Stopped' },
  );
  const transitions = (stopped['transitions'] as Array<{ to: string }>).map((transition) => transition.to);
  assert.deepEqual(transitions.slice(0, 4), ['Idle', 'Analyzing', 'Preparing', 'Live'], JSON.stringify(stopped));
  assert.equal(transitions.at(-1), 'Stopped');
});
