import { createPool } from '@ai-service/db';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { assertProblem, testUser, tradingTestWorld, type TestTrading, type TestWorld } from './test-harness.ts';

/** Exchange credentials through the API: stored encrypted, never shown, per tenant, live ones behind trading:live. */

const SECRETS_KEY = randomBytes(32).toString('base64');
const sandboxKeys = { sandbox: true, apiKey: 'testnet-key-0123456789abcdefWXYZ', secret: 'testnet-secret-9f8e7d6c5b4a' };
const liveKeys = { sandbox: false, apiKey: 'live-key-abcdefghijklmnop1234', secret: 'live-secret-0a1b2c3d4e5f', password: 'live-passphrase' };

let world: TestWorld;
let trading: TestTrading;
/** The owner connection: reads rows as stored, past row-level security. */
let owner: ReturnType<typeof createPool>;
before(async () => {
  world = await tradingTestWorld();
  trading = await world.start({ TRADING_SECRETS_KEY: SECRETS_KEY });
  owner = createPool({ url: world.database.url, max: 1 });
});
after(async () => {
  await owner?.end();
  await world?.close();
});

const credentialsPath = '/v1/trading/exchanges/{exchange}/credentials' as const;
const put = (user: { auth: { headers: { authorization: string } } }, body: Record<string, unknown>, exchange = 'binance') =>
  trading.client.PUT(credentialsPath, { params: { path: { exchange } }, body: body as never, ...user.auth });

test('stored credentials are encrypted at rest and the API only ever shows the key\'s last four characters', async () => {
  const user = await testUser(world.issuer);
  const stored = await put(user, sandboxKeys);
  assert.equal(stored.response.status, 200, JSON.stringify(stored.error));
  assert.deepEqual({ ...stored.data, updatedAt: undefined }, { exchange: 'binance', sandbox: true, apiKeyHint: 'WXYZ', hasPassword: false, updatedAt: undefined });

  const listed = await trading.client.GET('/v1/trading/exchanges', user.auth);
  assert.deepEqual(listed.data?.items.map((item) => [item.exchange, item.sandbox, item.apiKeyHint]), [['binance', true, 'WXYZ']]);
  for (const body of [JSON.stringify(stored.data), JSON.stringify(listed.data)]) {
    assert.ok(!body.includes(sandboxKeys.secret) && !body.includes(sandboxKeys.apiKey), 'no secret in a response');
  }

  const { rows } = await owner.query('select row_to_json(c)::text as raw from trading.exchange_credentials c where tenant_id = $1', [user.tenantId]);
  assert.equal(rows.length, 1);
  const raw = rows[0].raw as string;
  assert.ok(!raw.includes(sandboxKeys.secret) && !raw.includes(sandboxKeys.apiKey), 'the row holds no plaintext');
  assert.match(raw, /"secret":"v1\.[\w-]+\.[\w-]+\.[\w-]+"/);

  const audit = await owner.query(`select payload::text from trading.event_log where tenant_id = $1 and type = 'ExchangeCredentialsSet'`, [user.tenantId]);
  assert.equal(audit.rows.length, 1);
  assert.ok(!(audit.rows[0].payload as string).includes(sandboxKeys.secret));
});

test('live credentials need trading:live; sandbox ones trading:trade; reading needs trading:read', async () => {
  const trader = await testUser(world.issuer, ['trading:read', 'trading:trade']);
  const body = assertProblem(await put(trader, liveKeys), 403, 'FORBIDDEN');
  assert.deepEqual((body['errors'] as Array<{ field: string }>).map((error) => error.field), ['sandbox']);
  assertProblem(await trading.client.DELETE(credentialsPath, { params: { path: { exchange: 'binance' }, query: { sandbox: false } }, ...trader.auth }), 403);
  const reader = await testUser(world.issuer, ['trading:read'], trader.tenantId);
  assertProblem(await put(reader, sandboxKeys), 403);

  const owner = await testUser(world.issuer, ['trading:read', 'trading:trade', 'trading:live'], trader.tenantId);
  const live = await put(owner, liveKeys);
  assert.equal(live.response.status, 200, JSON.stringify(live.error));
  assert.equal(live.data?.hasPassword, true);
  assert.equal((await put(trader, sandboxKeys)).response.status, 200);
  const listed = await trading.client.GET('/v1/trading/exchanges', reader.auth);
  assert.deepEqual(listed.data?.items.map((item) => [item.exchange, item.sandbox]), [['binance', false], ['binance', true]]);
});

test('credentials are the tenant\'s own; deleting forgets them and deleting again is 404', async () => {
  const user = await testUser(world.issuer);
  const other = await testUser(world.issuer);
  await put(user, sandboxKeys);
  assert.deepEqual((await trading.client.GET('/v1/trading/exchanges', other.auth)).data?.items, []);
  assertProblem(await trading.client.DELETE(credentialsPath, { params: { path: { exchange: 'binance' }, query: { sandbox: true } }, ...other.auth }), 404, 'NOT_FOUND');

  const deleted = await trading.client.DELETE(credentialsPath, { params: { path: { exchange: 'binance' }, query: { sandbox: true } }, ...user.auth });
  assert.equal(deleted.response.status, 204);
  assert.deepEqual((await trading.client.GET('/v1/trading/exchanges', user.auth)).data?.items, []);
  assertProblem(await trading.client.DELETE(credentialsPath, { params: { path: { exchange: 'binance' }, query: { sandbox: true } }, ...user.auth }), 404);
});

test('bad input is a 4xx naming the field; an unknown exchange is 422', async () => {
  const user = await testUser(world.issuer);
  const missing = assertProblem(await put(user, { sandbox: true, apiKey: 'k' }), 400);
  assert.match(JSON.stringify(missing), /secret/);
  const wrongType = assertProblem(await put(user, { ...sandboxKeys, apiKey: 12345 }), 400);
  assert.match(JSON.stringify(wrongType), /apiKey/);
  const unknown = assertProblem(await put(user, sandboxKeys, 'nowhere'), 422, 'UNSUPPORTED_MARKET');
  assert.deepEqual((unknown['errors'] as Array<{ field: string }>).map((error) => error.field), ['exchange']);
});

test('without TRADING_SECRETS_KEY storing credentials is 409 not configured', async () => {
  const unkeyed = await world.start();
  const user = await testUser(world.issuer);
  const result = await unkeyed.client.PUT(credentialsPath, { params: { path: { exchange: 'binance' } }, body: sandboxKeys, ...user.auth });
  assertProblem(result, 409, 'NOT_CONFIGURED');
  await unkeyed.stop();
});
