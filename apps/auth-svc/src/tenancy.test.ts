import { createPool, runtimeRoleFor, withTenant } from '@ai-service/db';
import type { TestDatabase } from '@ai-service/testing';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { users } from './db/schema.ts';
import { addMember, assertProblem, authTestDatabase, bearer, loginAs, registerOwner, startAuth, type Session, type TestAuth } from './test-harness.ts';

let database: TestDatabase & { encryptionKey: string };
let auth: TestAuth;
let ownerA: Session;
let ownerB: Session;
let memberB: Session;

before(async () => {
  database = await authTestDatabase();
  auth = await startAuth(database);
  ownerA = await registerOwner(auth.client, undefined, 'Tenant A');
  ownerB = await registerOwner(auth.client, undefined, 'Tenant B');
  memberB = await addMember(auth.client, ownerB, ['member']);
});
after(async () => {
  await auth?.stop();
  await database?.drop();
});

test("an admin of tenant A can neither read nor change tenant B's users: 404 for every operation", async () => {
  const asA = bearer(ownerA.tokens.accessToken);
  const target = { params: { path: { userId: memberB.user.id } }, ...asA };
  const withRole = { params: { path: { userId: memberB.user.id, role: 'owner' as const } }, ...asA };
  assertProblem(await auth.client.GET('/v1/auth/users/{userId}', target), 404, 'NOT_FOUND');
  assertProblem(await auth.client.POST('/v1/auth/users/{userId}/disable', target), 404, 'NOT_FOUND');
  assertProblem(await auth.client.POST('/v1/auth/users/{userId}/enable', target), 404, 'NOT_FOUND');
  assertProblem(await auth.client.PUT('/v1/auth/users/{userId}/roles/{role}', withRole), 404, 'NOT_FOUND');
  assertProblem(await auth.client.DELETE('/v1/auth/users/{userId}/roles/{role}', { ...withRole, params: { path: { userId: ownerB.user.id, role: 'owner' } } }), 404, 'NOT_FOUND');

  const { data: listed } = await auth.client.GET('/v1/auth/users', { params: { query: {} }, ...asA });
  assert.deepEqual(listed?.items.map((user) => user.id), [ownerA.user.id]);

  // Tenant B's users are as they were.
  const { data: unchanged } = await auth.client.GET('/v1/auth/users/{userId}', { params: { path: { userId: memberB.user.id } }, ...bearer(ownerB.tokens.accessToken) });
  assert.equal(unchanged?.status, 'active');
  assert.deepEqual(unchanged?.roles, ['member']);
  assert.equal((await loginAs(auth.client, memberB.user.email)).tenant.id, ownerB.tenant.id);
});

test("a refresh token moved to another tenant's prefix is just an unknown token", async () => {
  const [, secret] = memberB.tokens.refreshToken.split('.');
  assertProblem(await auth.client.POST('/v1/auth/refresh', { body: { refreshToken: `${ownerA.tenant.id}.${secret}` } }), 401, 'INVALID_TOKEN');
});

test('in the database, the runtime role sees nothing without a tenant and only its tenant with one; login lookup is the one crossing', async () => {
  const pool = createPool({ url: database.url, max: 2, role: runtimeRoleFor('auth') });
  const db = drizzle(pool);
  try {
    assert.equal((await db.select().from(users)).length, 0);
    const seenByA = await withTenant(db, ownerA.tenant.id, (tx) => tx.select({ id: users.id }).from(users));
    assert.deepEqual(seenByA.map((user) => user.id), [ownerA.user.id]);
    const found = await db.execute<{ user_id: string; tenant_id: string }>(sql`select * from auth.find_login(${memberB.user.email})`);
    assert.deepEqual(found.rows, [{ user_id: memberB.user.id, tenant_id: ownerB.tenant.id }]);
    await assert.rejects(
      withTenant(db, ownerA.tenant.id, (tx) => tx.update(users).set({ tenantId: ownerB.tenant.id }).where(sql`true`)),
      (error: Error) => /row-level security/.test(String(error.cause)),
    );
  } finally {
    await pool.end();
  }
});
