import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@ai-service/access';
import type { TestDatabase } from '@ai-service/testing';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, test } from 'node:test';
import { addMember, assertProblem, authTestDatabase, bearer, loginAs, registerOwner, startAuth, testClock, type Session, type TestAuth } from './test-harness.ts';

let database: TestDatabase & { encryptionKey: string };
let auth: TestAuth;
const clock = testClock();
let owner: Session;
let member: Session;

before(async () => {
  database = await authTestDatabase();
  auth = await startAuth(database, { clock: clock.now });
  owner = await registerOwner(auth.client);
  member = await addMember(auth.client, owner, ['member']);
});
after(async () => {
  await auth?.stop();
  await database?.drop();
});

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token signed by a key auth-svc never had, with the given header. */
async function foreignToken(header: { kid: string }): Promise<string> {
  const { privateKey } = generateKeyPairSync('ed25519');
  return new SignJWT({ tid: owner.tenant.id, perms: ['admin:users'] })
    .setProtectedHeader({ alg: 'EdDSA', kid: header.kid })
    .setSubject(owner.user.id)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
}

test('no token → 401 problem+json', async () => {
  assertProblem(await auth.client.GET('/v1/auth/me'), 401, 'UNAUTHENTICATED');
  assertProblem(await auth.client.GET('/v1/auth/users', { params: { query: {} } }), 401, 'UNAUTHENTICATED');
});

test('a tampered token → 401: claims changed after signing, or the signature dropped (alg none)', async () => {
  const [header, payload, signature] = member.tokens.accessToken.split('.');
  const claims = decodeJwt(member.tokens.accessToken);
  const escalated = `${header}.${base64url({ ...claims, perms: ['admin:users'] })}.${signature}`;
  assertProblem(await auth.client.GET('/v1/auth/users', { params: { query: {} }, ...bearer(escalated) }), 401, 'UNAUTHENTICATED');
  const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`;
  assertProblem(await auth.client.GET('/v1/auth/me', bearer(unsigned)), 401, 'UNAUTHENTICATED');
});

test('a token signed by a foreign key → 401, whether it names our kid or another', async () => {
  const ourKid = decodeProtectedHeader(owner.tokens.accessToken).kid!;
  for (const kid of [ourKid, 'someone-elses-key']) {
    assertProblem(await auth.client.GET('/v1/auth/users', { params: { query: {} }, ...bearer(await foreignToken({ kid })) }), 401, 'UNAUTHENTICATED');
  }
});

test('an expired token → 401', async () => {
  clock.advance(-2 * 3600_000);
  const old = await loginAs(auth.client, member.user.email);
  clock.advance(2 * 3600_000);
  assert.ok(decodeJwt(old.tokens.accessToken).exp! * 1000 < Date.now());
  assertProblem(await auth.client.GET('/v1/auth/me', bearer(old.tokens.accessToken)), 401, 'UNAUTHENTICATED');
});

test('a valid token without the permission → 403 problem+json; with it → 200', async () => {
  const forbidden = assertProblem(await auth.client.GET('/v1/auth/users', { params: { query: {} }, ...bearer(member.tokens.accessToken) }), 403, 'FORBIDDEN');
  assert.match(String(forbidden['detail']), /admin:users/);
  assertProblem(await auth.client.PUT('/v1/auth/users/{userId}/roles/{role}', { params: { path: { userId: member.user.id, role: 'admin' } }, ...bearer(member.tokens.accessToken) }), 403, 'FORBIDDEN');
  assert.equal((await auth.client.GET('/v1/auth/me', bearer(member.tokens.accessToken))).response.status, 200);
  assert.equal((await auth.client.GET('/v1/auth/users', { params: { query: {} }, ...bearer(owner.tokens.accessToken) })).response.status, 200);
});

test('public operations need no token; a bad path parameter is a 400, not a 500', async () => {
  assert.equal((await auth.client.GET('/v1/auth/.well-known/jwks.json')).response.status, 200);
  const bad = await auth.client.GET('/v1/auth/users/{userId}', { params: { path: { userId: 'not-a-uuid' } }, ...bearer(owner.tokens.accessToken) });
  assertProblem(bad, 400, 'VALIDATION');
});
