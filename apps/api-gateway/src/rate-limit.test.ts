import { createTokenIssuer, serveJwks, testConfig, type TokenIssuer } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startGateway } from './test-fixtures/gateway.ts';
import { startUpstream, type UpstreamServer } from './test-fixtures/upstream-server.ts';

let issuer: TokenIssuer;
let jwks: Awaited<ReturnType<typeof serveJwks>>;
let authSvc: UpstreamServer;

before(async () => {
  issuer = await createTokenIssuer();
  jwks = await serveJwks([issuer]);
  authSvc = await startUpstream();
});

after(async () => {
  await authSvc.close();
  await jwks.close();
});

async function assertTooManyRequests(response: Response, windowSeconds: number) {
  assert.equal(response.status, 429);
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const retryAfter = Number(response.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= windowSeconds, `Retry-After: ${response.headers.get('retry-after')}`);
  const body = (await response.json()) as Record<string, unknown>;
  assert.equal(body['status'], 429);
  assert.equal(body['code'], 'RATE_LIMITED');
}

test('per address: the call after RATE_LIMIT_IP_MAX in the window → 429 with Retry-After, tokens or not', async () => {
  const gateway = await startGateway({ AUTH_SVC_URL: authSvc.url, AUTH_JWKS_URL: jwks.url, RATE_LIMIT_IP_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' });
  try {
    const statuses = [];
    for (let call = 0; call < 3; call++) statuses.push((await fetch(`${gateway.url}/v1/auth/me`)).status);
    assert.deepEqual(statuses, [401, 401, 401], 'bad calls count too');
    await assertTooManyRequests(await fetch(`${gateway.url}/v1/auth/me`, { headers: { authorization: `Bearer ${await issuer.sign()}` } }), 60);
    const login = await fetch(`${gateway.url}/v1/auth/login`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    await assertTooManyRequests(login, 60);
    assert.equal((await fetch(`${gateway.url}/health/live`)).status, 200, 'health is not rate limited');
  } finally {
    await gateway.close();
  }
});

test('per user: one user over RATE_LIMIT_MAX → 429, another user from the same address is still served', async () => {
  const gateway = await startGateway({ AUTH_SVC_URL: authSvc.url, AUTH_JWKS_URL: jwks.url, RATE_LIMIT_MAX: '2', RATE_LIMIT_IP_MAX: '100', RATE_LIMIT_WINDOW_MS: '60000' });
  try {
    const alice = await issuer.sign({ sub: 'alice' });
    const aliceAgain = await issuer.sign({ sub: 'alice' });
    const bob = await issuer.sign({ sub: 'bob' });
    const me = (token: string) => fetch(`${gateway.url}/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await me(alice)).status, 200);
    assert.equal((await me(aliceAgain)).status, 200);
    const limited = await me(alice);
    await assertTooManyRequests(limited, 60);
    await assertTooManyRequests(await me(aliceAgain), 60);
    assert.equal((await me(bob)).status, 200);
    const publicCall = await fetch(`${gateway.url}/v1/auth/.well-known/jwks.json`, { headers: { authorization: `Bearer ${alice}` } });
    assert.equal(publicCall.status, 200, 'public operations are limited per address only');
  } finally {
    await gateway.close();
  }
});

test('with REDIS_URL the counters live in Redis, shared by gateway replicas', { skip: testConfig.TEST_REDIS_URL ? false : 'TEST_REDIS_URL is not set' }, async () => {
  const env = { AUTH_SVC_URL: authSvc.url, AUTH_JWKS_URL: jwks.url, REDIS_URL: testConfig.TEST_REDIS_URL!, RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' };
  const [first, second] = [await startGateway(env), await startGateway(env)];
  try {
    const user = await issuer.sign();
    const me = (gateway: typeof first) => fetch(`${gateway.url}/v1/auth/me`, { headers: { authorization: `Bearer ${user}` } });
    assert.deepEqual([(await me(first)).status, (await me(second)).status, (await me(first)).status], [200, 200, 200]);
    await assertTooManyRequests(await me(second), 60);
  } finally {
    await first.close();
    await second.close();
  }
});
