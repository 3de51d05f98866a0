// The gateway in front of the real auth-svc, both as child processes on real sockets: tokens issued
// by auth-svc are verified by the gateway (JWKS), tenants stay isolated through it, one trace id shows
// in both processes' logs, and a stopped service is a 503 while the gateway stays live.
import { createTestDatabase, freePort, requireTestDatabaseUrl, runScript, startServiceProcess, waitFor, type RunningProcess, type TestDatabase } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';

type Session = { tenant: { id: string }; user: { id: string; email: string }; tokens: { accessToken: string } };

let database: TestDatabase;
let authSvc: RunningProcess & { url: string };
let gateway: RunningProcess;
let gatewayUrl: string;

before(async () => {
  database = await createTestDatabase(requireTestDatabaseUrl());
  const authPort = await freePort();
  authSvc = await startServiceProcess('auth-svc', authPort, {
    DATABASE_URL: database.url,
    AUTH_SVC_PORT: String(authPort),
    AUTH_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  });
  const gatewayPort = await freePort();
  gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const closed = `http://127.0.0.1:${await freePort()}`;
  gateway = runScript('apps/api-gateway/src/main.ts', {
    LOG_LEVEL: 'info',
    GATEWAY_PORT: String(gatewayPort),
    AUTH_SVC_URL: authSvc.url,
    AUTH_JWKS_URL: `${authSvc.url}/v1/auth/.well-known/jwks.json`,
    ...Object.fromEntries(['FINANCIAL_SVC_URL', 'TRADING_SVC_URL', 'COMM_SVC_URL', 'AI_CORE_URL', 'WORKER_FINANCIAL_URL', 'WORKER_TRADING_URL'].map((name) => [name, closed])),
    UPSTREAM_TIMEOUT_MS: '3000',
  });
  // Other services are not running, so the gateway is live but not ready: wait for live.
  await waitFor(
    async () => {
      if (gateway.child.exitCode !== null) throw new Error(`gateway exited: ${gateway.output()}`);
      return (await fetch(`${gatewayUrl}/health/live`)).ok ? true : undefined;
    },
    { what: 'gateway live' },
  );
});

after(async () => {
  await gateway?.stop();
  await authSvc?.stop();
  await database?.drop();
});

async function call(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${gatewayUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function registerTenant(name: string): Promise<Session> {
  const email = `${name}-${randomUUID().slice(0, 8)}@example.org`;
  const response = await call('POST', '/v1/auth/register', undefined, { tenantName: name, email, password: 'correct horse battery staple' });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body as unknown as Session;
}

test('a token issued by auth-svc works through the gateway; without one the gateway answers 401', async () => {
  const owner = await registerTenant('alpha');
  const me = await call('GET', '/v1/auth/me', owner.tokens.accessToken);
  assert.equal(me.status, 200, JSON.stringify(me.body));
  assert.equal((me.body['tenant'] as { id: string }).id, owner.tenant.id);
  const anonymous = await call('GET', '/v1/auth/me');
  assert.equal(anonymous.status, 401);
  assert.match(anonymous.type, /^application\/problem\+json/);
});

test('a user of tenant A can neither read nor change anything of tenant B through the gateway (404)', async () => {
  const alpha = await registerTenant('alpha');
  const beta = await registerTenant('beta');
  const token = alpha.tokens.accessToken;
  const other = beta.user.id;
  const attempts: Array<[string, string]> = [
    ['GET', `/v1/auth/users/${other}`],
    ['POST', `/v1/auth/users/${other}/disable`],
    ['POST', `/v1/auth/users/${other}/enable`],
    ['PUT', `/v1/auth/users/${other}/roles/viewer`],
    ['DELETE', `/v1/auth/users/${other}/roles/owner`],
  ];
  for (const [method, path] of attempts) {
    const response = await call(method, path, token);
    assert.equal(response.status, 404, `${method} ${path}: ${JSON.stringify(response.body)}`);
    assert.match(response.type, /^application\/problem\+json/);
  }
  const listed = await call('GET', '/v1/auth/users', token);
  assert.equal(listed.status, 200);
  const emails = (listed.body['items'] as Array<{ email: string }>).map((user) => user.email);
  assert.deepEqual(emails, [alpha.user.email]);

  const betaMe = await call('GET', '/v1/auth/me', beta.tokens.accessToken);
  assert.equal(betaMe.status, 200, 'tenant B is untouched and still signed in');
  assert.deepEqual((betaMe.body['user'] as { roles: string[]; status: string }).roles, ['owner']);
  assert.equal((betaMe.body['user'] as { status: string }).status, 'active');
});

test("the traceparent sent to the gateway shows in auth-svc's log line for the request", async () => {
  const owner = await registerTenant('traced');
  const traceId = randomBytes(16).toString('hex');
  const requestId = `trace-${randomUUID()}`;
  const response = await call('GET', '/v1/auth/me', owner.tokens.accessToken, undefined, { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`, 'x-request-id': requestId });
  assert.equal(response.status, 200);

  const logLine = (process: RunningProcess) =>
    waitFor(
      async () =>
        process
          .output()
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .find((entry) => entry['msg'] === 'request completed' && entry['reqId'] === requestId),
      { what: 'the request log line', timeoutMs: 5_000 },
    );
  const [serviceLine, gatewayLine] = [await logLine(authSvc), await logLine(gateway)];
  assert.equal(serviceLine['traceId'], traceId, 'auth-svc continues the trace');
  assert.equal(serviceLine['service'], 'auth-svc');
  assert.equal(serviceLine['url'], '/v1/auth/me');
  assert.equal(gatewayLine['traceId'], traceId, 'the gateway logs the same trace');
  assert.equal(gatewayLine['service'], 'api-gateway');
});

test('a stopped auth-svc → 503 problem+json, while the gateway stays live', async () => {
  await authSvc.stop();
  const response = await call('POST', '/v1/auth/login', undefined, { email: 'a@example.org', password: 'whatever-long' });
  assert.equal(response.status, 503);
  assert.match(response.type, /^application\/problem\+json/);
  assert.equal(response.body['code'], 'UPSTREAM_UNAVAILABLE');
  assert.equal((await fetch(`${gatewayUrl}/health/live`)).status, 200);
  const ready = await fetch(`${gatewayUrl}/health/ready`);
  assert.equal(ready.status, 503);
  assert.ok(((await ready.json()) as { failed: string[] }).failed.includes('auth-svc'));
});
