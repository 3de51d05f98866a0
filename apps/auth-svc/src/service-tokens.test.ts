import { remoteTokenVerifier, serviceTokenSource } from '@ai-service/access';
import type { TestDatabase } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { assertProblem, authTestDatabase, registerOwner, startAuth, type Session, type TestAuth } from './test-harness.ts';

const SECRET = randomBytes(32).toString('base64');
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

let database: TestDatabase & { encryptionKey: string };
let auth: TestAuth;
let owner: Session;

before(async () => {
  database = await authTestDatabase();
  auth = await startAuth(database, { env: { INTERNAL_SERVICE_SECRET: SECRET } });
  owner = await registerOwner(auth.client);
});
after(async () => {
  await auth?.stop();
  await database?.drop();
});

test('a service with the secret gets a token for the tenant that other services verify, limited to its grant', async () => {
  const source = serviceTokenSource({ authUrl: auth.url, client: 'worker-financial', secret: SECRET });
  const token = await source(owner.tenant.id, ['ai:use']);
  const identity = await remoteTokenVerifier(`${auth.url}/v1/auth/.well-known/jwks.json`)(token);
  assert.equal(identity.tenantId, owner.tenant.id);
  assert.equal(identity.userId, 'service:worker-financial');
  assert.deepEqual(identity.permissions, ['ai:use']);
  assert.equal(await source(owner.tenant.id, ['ai:use']), token, 'cached while fresh');

  const pool = new pg.Pool({ connectionString: database.url });
  try {
    const { rows } = await pool.query(`select actor from auth.event_log where type = 'ServiceTokenIssued' and tenant_id = $1`, [owner.tenant.id]);
    assert.deepEqual(rows, [{ actor: 'service:worker-financial' }], 'issued once (cached), audited');
  } finally {
    await pool.end();
  }
});

test('a renewed token is fetched once the cached one is about to expire', async () => {
  let now = Date.now();
  const source = serviceTokenSource({ authUrl: auth.url, client: 'worker-financial', secret: SECRET, now: () => now });
  const first = await source(owner.tenant.id, ['ai:use']);
  now += auth.config.AUTH_ACCESS_TOKEN_TTL_SECONDS * 1000;
  assert.notEqual(await source(owner.tenant.id, ['ai:use']), first);
});

test('wrong secret, unknown service, missing credentials → 401; a permission beyond the grant → 403; unknown tenant → 404', async () => {
  const body = { tenantId: owner.tenant.id, permissions: ['ai:use' as const] };
  const ask = (headers: Record<string, string>, requestBody = body) => auth.client.POST('/v1/auth/service-tokens', { body: requestBody, headers });
  assertProblem(await ask(basic('worker-financial', `${SECRET}x`)), 401, 'INVALID_CREDENTIALS');
  assertProblem(await ask(basic('api-gateway', SECRET)), 401, 'INVALID_CREDENTIALS');
  assertProblem(await ask({}), 401, 'INVALID_CREDENTIALS');
  assertProblem(await ask({ authorization: `Bearer ${owner.tokens.accessToken}` }), 401, 'INVALID_CREDENTIALS');
  assertProblem(await ask(basic('worker-financial', SECRET), { ...body, permissions: ['ai:use', 'financial:write'] as never }), 403, 'INSUFFICIENT_PERMISSIONS');
  assertProblem(await ask(basic('worker-financial', SECRET), { ...body, tenantId: randomUUID() }), 404, 'NOT_FOUND');
});

test('without INTERNAL_SERVICE_SECRET configured, auth-svc issues no service tokens', async () => {
  const plain = await startAuth(database);
  try {
    const source = serviceTokenSource({ authUrl: plain.url, client: 'worker-financial', secret: SECRET });
    await assert.rejects(source(owner.tenant.id, ['ai:use']), /HTTP 401/);
  } finally {
    await plain.stop();
  }
});
