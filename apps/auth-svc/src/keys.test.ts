import { createPool, runtimeRoleFor } from '@ai-service/db';
import type { TestDatabase } from '@ai-service/testing';
import { drizzle } from 'drizzle-orm/node-postgres';
import { decodeProtectedHeader } from 'jose';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createKeyStore, KEY_ROTATION_MS } from './keys/key-store.ts';
import { authTestDatabase, bearer, registerOwner, startAuth, testClock } from './test-harness.ts';

let database: TestDatabase & { encryptionKey: string };

before(async () => {
  database = await authTestDatabase();
});
after(async () => {
  await database?.drop();
});

test('signing keys survive a restart: a token of the first instance verifies on the second, with the same kid', async () => {
  const first = await startAuth(database);
  const owner = await registerOwner(first.client);
  const { data: jwksBefore } = await first.client.GET('/v1/auth/.well-known/jwks.json');
  await first.stop();

  const second = await startAuth(database);
  try {
    const { data: jwksAfter } = await second.client.GET('/v1/auth/.well-known/jwks.json');
    assert.deepEqual(jwksAfter, jwksBefore);
    assert.equal(jwksAfter?.keys.length, 1);
    assert.equal(jwksAfter?.keys[0]?.kid, decodeProtectedHeader(owner.tokens.accessToken).kid);
    const me = await second.client.GET('/v1/auth/me', bearer(owner.tokens.accessToken));
    assert.equal(me.data?.user.id, owner.user.id);
    assert.equal((await second.client.POST('/v1/auth/refresh', { body: { refreshToken: owner.tokens.refreshToken } })).response.status, 200);
  } finally {
    await second.stop();
  }
});

test('with another AUTH_KEY_ENCRYPTION_KEY the service refuses to start and says why', async () => {
  await assert.rejects(startAuth(database, { encryptionKey: randomBytes(32).toString('base64') }), /cannot be decrypted: AUTH_KEY_ENCRYPTION_KEY/);
});

test('rotation: a new key every 30 days, both listed until tokens of the old one expired, then the old one retires', async () => {
  const pool = createPool({ url: database.url, max: 4, role: runtimeRoleFor('auth') });
  const db = drizzle(pool);
  const clock = testClock();
  const options = { db, encryptionKey: Buffer.from(database.encryptionKey, 'base64'), clock: clock.now, accessTokenTtlSeconds: 900 };
  const replica = createKeyStore(options);
  const store = createKeyStore(options);
  const claims = { userId: crypto.randomUUID(), tenantId: crypto.randomUUID(), permissions: [] };
  try {
    await replica.refresh();
    await store.refresh();
    const [oldKey] = store.jwks().keys;
    const oldToken = await store.signAccessToken(claims, clock.now());

    clock.advance(KEY_ROTATION_MS);
    await store.refresh();
    assert.deepEqual(store.jwks().keys.map((key) => key.kid).sort(), [oldKey!.kid, decodeProtectedHeader(await store.signAccessToken(claims, clock.now())).kid].sort());
    const newToken = await store.signAccessToken(claims, clock.now());
    assert.notEqual(decodeProtectedHeader(newToken).kid, oldKey!.kid, 'new tokens use the newest key');
    assert.equal((await store.verify(oldToken)).userId, claims.userId, 'tokens of the previous key stay valid');
    assert.equal((await replica.verify(newToken)).userId, claims.userId, 'a replica learns the new kid when it first sees it');

    clock.advance(900_000 + 2 * 60_000);
    await store.refresh();
    assert.deepEqual(store.jwks().keys.map((key) => key.kid), [decodeProtectedHeader(newToken).kid]);
    await assert.rejects(store.verify(oldToken), { code: 'UNAUTHENTICATED' });
    assert.equal((await store.verify(newToken)).userId, claims.userId);
  } finally {
    await pool.end();
  }
});
