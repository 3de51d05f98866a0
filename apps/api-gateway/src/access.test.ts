import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startGateway, type RunningGateway } from './test-fixtures/gateway.ts';
import { createTokenIssuer, serveJwks, type TokenIssuer } from '@ai-service/testing';
import { startUpstream, type UpstreamServer } from './test-fixtures/upstream-server.ts';

let issuer: TokenIssuer;
let jwks: Awaited<ReturnType<typeof serveJwks>>;
let authSvc: UpstreamServer;
let gateway: RunningGateway;

before(async () => {
  issuer = await createTokenIssuer();
  jwks = await serveJwks([issuer]);
  authSvc = await startUpstream();
  gateway = await startGateway({ AUTH_JWKS_URL: jwks.url, AUTH_SVC_URL: authSvc.url });
});

after(async () => {
  await gateway.close();
  await authSvc.close();
  await jwks.close();
});

async function call(path: string, token?: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
  const response = await fetch(`${gateway.url}${path}`, { ...init, headers });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as Record<string, unknown> };
}

/** Each rejection is a problem+json answered by the gateway: the service never saw the request. */
async function assertRejected(path: string, token: string | undefined, status: number, code: string) {
  const seen = authSvc.received.length;
  const response = await call(path, token);
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.match(response.type, /^application\/problem\+json/);
  assert.equal(response.body['status'], status);
  assert.equal(response.body['code'], code);
  assert.equal(authSvc.received.length, seen, 'nothing was forwarded');
}

function tamper(token: string, change: (claims: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
  change(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

test('no token → 401 problem+json', async () => {
  await assertRejected('/v1/auth/me', undefined, 401, 'UNAUTHENTICATED');
  await assertRejected('/v1/auth/me', '', 401, 'UNAUTHENTICATED');
});

test('a malformed or tampered token → 401', async () => {
  await assertRejected('/v1/auth/me', 'not-a-jwt', 401, 'UNAUTHENTICATED');
  const token = await issuer.sign({ perms: ['financial:read'] });
  await assertRejected('/v1/auth/users', tamper(token, (claims) => (claims['perms'] = ['admin:users'])), 401, 'UNAUTHENTICATED');
  await assertRejected('/v1/auth/me', tamper(token, (claims) => (claims['sub'] = 'someone-else')), 401, 'UNAUTHENTICATED');
});

test('an expired token → 401', async () => {
  const expired = await issuer.sign({ expiresIn: Math.floor(Date.now() / 1000) - 120 });
  await assertRejected('/v1/auth/me', expired, 401, 'UNAUTHENTICATED');
});

test('a token signed by a key that is not in the JWKS → 401, whether it names a known kid or not', async () => {
  const foreign = await createTokenIssuer();
  await assertRejected('/v1/auth/me', await foreign.sign(), 401, 'UNAUTHENTICATED');
  const impostor = await createTokenIssuer(issuer.kid);
  await assertRejected('/v1/auth/me', await impostor.sign(), 401, 'UNAUTHENTICATED');
});

test('a valid token without the operation permission → 403 problem+json', async () => {
  const member = await issuer.sign({ perms: ['financial:read', 'financial:write'] });
  await assertRejected('/v1/auth/users', member, 403, 'FORBIDDEN');
  await assertRejected('/v1/services', member, 403, 'FORBIDDEN');
});

test('a valid token with the permission is forwarded, Authorization unchanged', async () => {
  const admin = await issuer.sign({ perms: ['admin:users'] });
  const response = await call('/v1/auth/users?limit=5', admin);
  assert.equal(response.status, 200);
  assert.equal(response.body['url'], '/v1/auth/users?limit=5');
  assert.equal((response.body['headers'] as Record<string, string>)['authorization'], `Bearer ${admin}`);
});

test('`authenticated` operations take any valid token; public ones need none', async () => {
  assert.equal((await call('/v1/auth/me', await issuer.sign())).status, 200);
  const login = await call('/v1/auth/login', undefined, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(login.status, 200);
  assert.equal(login.body['method'], 'POST');
});
