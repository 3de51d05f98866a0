import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@ai-service/access';
import type { TestDatabase } from '@ai-service/testing';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { assertProblem, authTestDatabase, bearer, PASSWORD, queryAsOwner, registerOwner, startAuth, uniqueEmail, type TestAuth } from './test-harness.ts';

let database: TestDatabase & { encryptionKey: string };
let auth: TestAuth;

before(async () => {
  database = await authTestDatabase();
  auth = await startAuth(database);
});
after(async () => {
  await auth?.stop();
  await database?.drop();
});

test('register → login → me: the owner gets every permission, the token carries the documented claims', async () => {
  const email = uniqueEmail('Owner');
  const registered = await registerOwner(auth.client, email, 'The Smiths');
  assert.equal(registered.tenant.name, 'The Smiths');
  assert.deepEqual(registered.user.roles, ['owner']);
  assert.equal(registered.user.email, email.toLowerCase());
  assert.equal(registered.tokens.tokenType, 'Bearer');
  assert.equal(registered.tokens.expiresIn, auth.config.AUTH_ACCESS_TOKEN_TTL_SECONDS);

  const { data: session } = await auth.client.POST('/v1/auth/login', { body: { email: email.toUpperCase(), password: PASSWORD } });
  assert.ok(session);
  const claims = decodeJwt(session.tokens.accessToken);
  assert.equal(claims.sub, registered.user.id);
  assert.equal(claims['tid'], registered.tenant.id);
  assert.equal(claims.iss, TOKEN_ISSUER);
  assert.equal(claims.aud, TOKEN_AUDIENCE);
  assert.ok(typeof claims.jti === 'string');
  assert.ok(claims.exp! - claims.iat! <= 900);
  assert.ok((claims['perms'] as string[]).includes('trading:live'));
  const header = decodeProtectedHeader(session.tokens.accessToken);
  assert.equal(header.alg, 'EdDSA');
  const { data: jwks } = await auth.client.GET('/v1/auth/.well-known/jwks.json');
  assert.ok(jwks?.keys.some((key) => key.kid === header.kid && key.kty === 'OKP' && key.crv === 'Ed25519'));

  const { data: me } = await auth.client.GET('/v1/auth/me', bearer(session.tokens.accessToken));
  assert.equal(me?.user.id, registered.user.id);
  assert.equal(me?.tenant.id, registered.tenant.id);
  assert.deepEqual(me?.permissions, [...(claims['perms'] as string[])].sort());
  assert.equal(me?.permissions.length, 10);
});

test('stored secrets are hashes only: argon2id passwords, SHA-256 refresh tokens, encrypted signing keys', async () => {
  const session = await registerOwner(auth.client);
  const [user] = await queryAsOwner<{ password_hash: string }>(database.url, 'select password_hash from auth.users where id = $1', [session.user.id]);
  assert.match(user!.password_hash, /^\$argon2id\$/);
  const tokens = await queryAsOwner<{ token_hash: string }>(database.url, 'select token_hash from auth.refresh_tokens where user_id = $1', [session.user.id]);
  assert.equal(tokens.length, 1);
  assert.match(tokens[0]!.token_hash, /^[0-9a-f]{64}$/);
  assert.ok(!JSON.stringify(tokens).includes(session.tokens.refreshToken.split('.')[1]!));
  const keys = await queryAsOwner<{ encrypted_private_key: string; public_jwk: Record<string, unknown> }>(database.url, 'select encrypted_private_key, public_jwk from auth.signing_keys');
  assert.ok(keys.length >= 1);
  for (const key of keys) {
    assert.match(key.encrypted_private_key, /^v1\./);
    assert.equal(key.public_jwk['d'], undefined, 'no private part in the public JWK');
  }
});

test('registering an email that exists (in any case) → 409; bad input → 400 problem+json listing the fields', async () => {
  const email = uniqueEmail();
  await registerOwner(auth.client, email);
  assertProblem(await auth.client.POST('/v1/auth/register', { body: { tenantName: 'Other', email: email.toUpperCase(), password: PASSWORD } }), 409, 'EMAIL_TAKEN');

  const bad = await auth.client.POST('/v1/auth/register', { body: { tenantName: '', email: 'not-an-email', password: 'short' } });
  const problem = assertProblem(bad, 400, 'VALIDATION');
  const fields = (problem['errors'] as { field: string }[]).map((error) => error.field).sort();
  assert.deepEqual(fields, ['body.email', 'body.password', 'body.tenantName']);
});

test('wrong password and unknown email answer the same 401', async () => {
  const email = uniqueEmail();
  await registerOwner(auth.client, email);
  const wrong = assertProblem(await auth.client.POST('/v1/auth/login', { body: { email, password: 'wrong password!' } }), 401, 'INVALID_CREDENTIALS');
  const unknown = assertProblem(await auth.client.POST('/v1/auth/login', { body: { email: uniqueEmail('nobody'), password: 'wrong password!' } }), 401, 'INVALID_CREDENTIALS');
  assert.equal(wrong['detail'], unknown['detail']);
});

test('refresh rotates: each refresh token works once; reusing a used one revokes the family, including the newest token', async () => {
  const owner = await registerOwner(auth.client);
  const first = owner.tokens.refreshToken;

  const rotated = await auth.client.POST('/v1/auth/refresh', { body: { refreshToken: first } });
  assert.equal(rotated.response.status, 200);
  const second = rotated.data!.refreshToken;
  assert.notEqual(second, first);
  assert.equal((await auth.client.GET('/v1/auth/me', bearer(rotated.data!.accessToken))).response.status, 200);

  // The first token again: a replay. The family goes, so the legitimate newest token stops working too.
  const traceId = randomBytes(16).toString('hex');
  const replay = await auth.client.POST('/v1/auth/refresh', { body: { refreshToken: first }, headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` } });
  assertProblem(replay, 401, 'INVALID_TOKEN');
  assertProblem(await auth.client.POST('/v1/auth/refresh', { body: { refreshToken: second } }), 401, 'INVALID_TOKEN');

  const family = await queryAsOwner<{ revoked: boolean }>(database.url, 'select revoked_at is not null as revoked from auth.refresh_tokens where user_id = $1', [owner.user.id]);
  assert.equal(family.length, 2);
  assert.ok(family.every((row) => row.revoked));
  const events = await queryAsOwner<{ actor: string; aggregate_type: string; payload: { revokedTokens: number } }>(
    database.url,
    `select actor, aggregate_type, payload from auth.event_log where type = 'RefreshTokenReused' and trace_id = $1`,
    [traceId],
  );
  assert.deepEqual(events, [{ actor: owner.user.id, aggregate_type: 'refresh_token_family', payload: events[0]?.payload }]);
  assert.equal(events[0]?.payload.revokedTokens, 2);

  // Another sign-in of the same user is another family, untouched.
  const other = await auth.client.POST('/v1/auth/login', { body: { email: owner.user.email, password: PASSWORD } });
  assert.equal((await auth.client.POST('/v1/auth/refresh', { body: { refreshToken: other.data!.tokens.refreshToken } })).response.status, 200);
});

test('a refresh token that is malformed, unknown or of a made-up tenant → 401', async () => {
  for (const refreshToken of ['x'.repeat(40), `${crypto.randomUUID()}.${'A'.repeat(43)}`]) {
    assertProblem(await auth.client.POST('/v1/auth/refresh', { body: { refreshToken } }), 401, 'INVALID_TOKEN');
  }
});

test('logout revokes the family: the refresh token stops working; logging out twice is fine', async () => {
  const owner = await registerOwner(auth.client);
  const out = await auth.client.POST('/v1/auth/logout', { body: { refreshToken: owner.tokens.refreshToken } });
  assert.equal(out.response.status, 204);
  assert.equal((await auth.client.POST('/v1/auth/logout', { body: { refreshToken: owner.tokens.refreshToken } })).response.status, 204);
  assertProblem(await auth.client.POST('/v1/auth/refresh', { body: { refreshToken: owner.tokens.refreshToken } }), 401, 'INVALID_TOKEN');
});
