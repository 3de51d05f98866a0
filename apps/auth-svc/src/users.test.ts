import type { TestDatabase } from '@ai-service/testing';
import { decodeJwt } from 'jose';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  addMember,
  assertProblem,
  authTestDatabase,
  bearer,
  loginAs,
  PASSWORD,
  queryAsOwner,
  registerOwner,
  startAuth,
  uniqueEmail,
  type Session,
  type TestAuth,
} from './test-harness.ts';

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

const as = (session: Session) => bearer(session.tokens.accessToken);
const userPath = (userId: string) => ({ params: { path: { userId } } });
const rolePath = (userId: string, role: 'owner' | 'admin' | 'member' | 'viewer') => ({ params: { path: { userId, role } } });

test('invite → accept → login: the invited user signs in with the roles given', async () => {
  const owner = await registerOwner(auth.client);
  const email = uniqueEmail('invitee');
  const invited = await auth.client.POST('/v1/auth/users', { body: { email, roles: ['viewer'], displayName: 'Kim' }, ...as(owner) });
  assert.equal(invited.response.status, 201);
  assert.equal(invited.data?.user.status, 'invited');
  assert.deepEqual(invited.data?.user.roles, ['viewer']);

  // No password yet: sign-in is refused like any wrong password.
  assertProblem(await auth.client.POST('/v1/auth/login', { body: { email, password: PASSWORD } }), 401, 'INVALID_CREDENTIALS');

  const accepted = await auth.client.POST('/v1/auth/invitations/accept', { body: { invitationToken: invited.data!.invitationToken, password: PASSWORD } });
  assert.equal(accepted.response.status, 200);
  assert.equal(accepted.data?.user.status, 'active');
  assert.equal(accepted.data?.user.displayName, 'Kim');
  assert.equal(accepted.data?.tenant.id, owner.tenant.id);
  assert.deepEqual(decodeJwt(accepted.data!.tokens.accessToken)['perms'], ['comm:read', 'financial:read', 'trading:read']);

  // An invitation works once.
  assertProblem(await auth.client.POST('/v1/auth/invitations/accept', { body: { invitationToken: invited.data!.invitationToken, password: PASSWORD } }), 401, 'INVALID_TOKEN');
  const session = await loginAs(auth.client, email);
  assert.equal(session.user.id, invited.data?.user.id);
});

test('inviting an existing email → 409; inviting again a pending one replaces the invitation and roles', async () => {
  const owner = await registerOwner(auth.client);
  assertProblem(await auth.client.POST('/v1/auth/users', { body: { email: owner.user.email, roles: ['member'] }, ...as(owner) }), 409, 'EMAIL_TAKEN');
  const elsewhere = await registerOwner(auth.client);
  assertProblem(await auth.client.POST('/v1/auth/users', { body: { email: elsewhere.user.email, roles: ['member'] }, ...as(owner) }), 409, 'EMAIL_TAKEN');

  const email = uniqueEmail('again');
  const first = await auth.client.POST('/v1/auth/users', { body: { email, roles: ['viewer'] }, ...as(owner) });
  const second = await auth.client.POST('/v1/auth/users', { body: { email, roles: ['member'] }, ...as(owner) });
  assert.equal(second.response.status, 201);
  assert.equal(second.data?.user.id, first.data?.user.id);
  assert.deepEqual(second.data?.user.roles, ['member']);
  assertProblem(await auth.client.POST('/v1/auth/invitations/accept', { body: { invitationToken: first.data!.invitationToken, password: PASSWORD } }), 401, 'INVALID_TOKEN');
  assert.equal((await auth.client.POST('/v1/auth/invitations/accept', { body: { invitationToken: second.data!.invitationToken, password: PASSWORD } })).response.status, 200);
});

test('disable → sign-in and refresh refused; enable → sign-in works again', async () => {
  const owner = await registerOwner(auth.client);
  const member = await addMember(auth.client, owner, ['member']);

  const disabled = await auth.client.POST('/v1/auth/users/{userId}/disable', { ...userPath(member.user.id), ...as(owner) });
  assert.equal(disabled.data?.status, 'disabled');
  assertProblem(await auth.client.POST('/v1/auth/login', { body: { email: member.user.email, password: PASSWORD } }), 401, 'ACCOUNT_DISABLED');
  assertProblem(await auth.client.POST('/v1/auth/login', { body: { email: member.user.email, password: 'wrong password' } }), 401, 'INVALID_CREDENTIALS');
  assertProblem(await auth.client.POST('/v1/auth/refresh', { body: { refreshToken: member.tokens.refreshToken } }), 401, 'INVALID_TOKEN');

  const enabled = await auth.client.POST('/v1/auth/users/{userId}/enable', { ...userPath(member.user.id), ...as(owner) });
  assert.equal(enabled.data?.status, 'active');
  const again = await loginAs(auth.client, member.user.email);
  assert.equal((await auth.client.POST('/v1/auth/refresh', { body: { refreshToken: again.tokens.refreshToken } })).response.status, 200);
});

test('an admin disabled a minute ago can no longer change users with the access token they still hold', async () => {
  const owner = await registerOwner(auth.client);
  const admin = await addMember(auth.client, owner, ['admin']);
  const member = await addMember(auth.client, owner, ['member']);
  await auth.client.POST('/v1/auth/users/{userId}/disable', { ...userPath(admin.user.id), ...as(owner) });
  assertProblem(await auth.client.POST('/v1/auth/users/{userId}/disable', { ...userPath(member.user.id), ...as(admin) }), 403, 'INSUFFICIENT_PERMISSIONS');
  assertProblem(await auth.client.POST('/v1/auth/users', { body: { email: uniqueEmail(), roles: ['viewer'] }, ...as(admin) }), 403, 'INSUFFICIENT_PERMISSIONS');
});

test('roles: a grant shows in the next token; the last owner keeps ownership; admins cannot reach owner powers', async () => {
  const owner = await registerOwner(auth.client);
  const member = await addMember(auth.client, owner, ['member']);

  const granted = await auth.client.PUT('/v1/auth/users/{userId}/roles/{role}', { ...rolePath(member.user.id, 'admin'), ...as(owner) });
  assert.deepEqual(granted.data?.roles, ['admin', 'member']);
  const refreshed = await auth.client.POST('/v1/auth/refresh', { body: { refreshToken: member.tokens.refreshToken } });
  const admin = { ...member, tokens: { ...member.tokens, ...refreshed.data! } };
  assert.ok((decodeJwt(admin.tokens.accessToken)['perms'] as string[]).includes('admin:users'));
  assert.ok(!(decodeJwt(admin.tokens.accessToken)['perms'] as string[]).includes('trading:live'));

  // The admin cannot make anyone owner, revoke an owner, or disable the owner.
  assertProblem(await auth.client.PUT('/v1/auth/users/{userId}/roles/{role}', { ...rolePath(member.user.id, 'owner'), ...as(admin) }), 403, 'INSUFFICIENT_PERMISSIONS');
  assertProblem(await auth.client.DELETE('/v1/auth/users/{userId}/roles/{role}', { ...rolePath(owner.user.id, 'owner'), ...as(admin) }), 403, 'INSUFFICIENT_PERMISSIONS');
  assertProblem(await auth.client.POST('/v1/auth/users/{userId}/disable', { ...userPath(owner.user.id), ...as(admin) }), 403, 'INSUFFICIENT_PERMISSIONS');

  // The only owner can neither drop the role nor be disabled; with a second owner, they can.
  assertProblem(await auth.client.DELETE('/v1/auth/users/{userId}/roles/{role}', { ...rolePath(owner.user.id, 'owner'), ...as(owner) }), 409, 'LAST_OWNER');
  assertProblem(await auth.client.POST('/v1/auth/users/{userId}/disable', { ...userPath(owner.user.id), ...as(owner) }), 409, 'LAST_OWNER');
  await auth.client.PUT('/v1/auth/users/{userId}/roles/{role}', { ...rolePath(member.user.id, 'owner'), ...as(owner) });
  const dropped = await auth.client.DELETE('/v1/auth/users/{userId}/roles/{role}', { ...rolePath(owner.user.id, 'owner'), ...as(owner) });
  assert.deepEqual(dropped.data?.roles, []);

  const events = await queryAsOwner<{ type: string; actor: string; payload: { role: string } }>(
    database.url,
    `select type, actor, payload from auth.event_log where aggregate_id = any($1) and type in ('RoleGranted', 'RoleRevoked')`,
    [[owner.user.id, member.user.id]],
  );
  assert.deepEqual(
    events.map((event) => `${event.type} ${event.payload.role} by ${event.actor === owner.user.id ? 'owner' : 'other'}`).sort(),
    ['RoleGranted admin by owner', 'RoleGranted owner by owner', 'RoleRevoked owner by owner'],
  );
});

test('user changes are audited with the trace id of the request that made them', async () => {
  const owner = await registerOwner(auth.client);
  const traceId = randomBytes(16).toString('hex');
  const headers = { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
  const invited = await auth.client.POST('/v1/auth/users', { body: { email: uniqueEmail(), roles: ['viewer'] }, headers: { ...as(owner).headers, ...headers } });
  const userId = invited.data!.user.id;
  const traced = { headers: { ...as(owner).headers, ...headers } };
  await auth.client.POST('/v1/auth/users/{userId}/disable', { ...userPath(userId), ...traced });
  await auth.client.POST('/v1/auth/users/{userId}/enable', { ...userPath(userId), ...traced });
  await auth.client.PUT('/v1/auth/users/{userId}/roles/{role}', { ...rolePath(userId, 'member'), ...traced });
  await auth.client.DELETE('/v1/auth/users/{userId}/roles/{role}', { ...rolePath(userId, 'viewer'), ...traced });
  const events = await queryAsOwner<{ type: string; actor: string }>(database.url, 'select type, actor from auth.event_log where trace_id = $1', [traceId]);
  assert.deepEqual(events.map((event) => event.type).sort(), ['RoleGranted', 'RoleRevoked', 'UserDisabled', 'UserEnabled', 'UserInvited']);
  assert.ok(events.every((event) => event.actor === owner.user.id));
});

test('a registration that fails leaves nothing behind: no tenant, no audit row', async () => {
  const email = uniqueEmail();
  await registerOwner(auth.client, email);
  const before = await queryAsOwner<{ tenants: number; events: number }>(database.url, `select (select count(*)::int from auth.tenants) as tenants, (select count(*)::int from auth.event_log where type = 'TenantRegistered') as events`);
  assertProblem(await auth.client.POST('/v1/auth/register', { body: { tenantName: 'Duplicate', email, password: PASSWORD } }), 409);
  const after = await queryAsOwner<{ tenants: number; events: number }>(database.url, `select (select count(*)::int from auth.tenants) as tenants, (select count(*)::int from auth.event_log where type = 'TenantRegistered') as events`);
  assert.deepEqual(after, before);
});

test('users list newest first, page by page; roles list the built-in catalogue', async () => {
  const owner = await registerOwner(auth.client);
  const invited: string[] = [];
  for (let index = 0; index < 5; index += 1) {
    const { data } = await auth.client.POST('/v1/auth/users', { body: { email: uniqueEmail(`u${index}`), roles: ['viewer'] }, ...as(owner) });
    invited.push(data!.user.id);
  }
  const seen: { id: string; createdAt: string }[] = [];
  let cursor: string | undefined;
  do {
    const { data } = await auth.client.GET('/v1/auth/users', { params: { query: { limit: 2, ...(cursor ? { cursor } : {}) } }, ...as(owner) });
    assert.ok(data && data.items.length <= 2);
    seen.push(...data.items);
    cursor = data.nextCursor ?? undefined;
  } while (cursor);
  assert.deepEqual(seen.map((user) => user.id).sort(), [...invited, owner.user.id].sort(), 'every user once');
  assert.equal(seen.at(-1)?.id, owner.user.id);
  assert.deepEqual(seen.map((user) => user.createdAt), seen.map((user) => user.createdAt).sort().reverse(), 'newest first');
  assertProblem(await auth.client.GET('/v1/auth/users', { params: { query: { cursor: 'bm90LWEtY3Vyc29y' } }, ...as(owner) }), 400, 'INVALID_CURSOR');

  const { data: roles } = await auth.client.GET('/v1/auth/roles', as(owner));
  assert.deepEqual(roles?.map((role) => role.name), ['owner', 'admin', 'member', 'viewer']);
  const permissionsOf = (name: string) => roles?.find((role) => role.name === name)?.permissions ?? [];
  assert.equal(permissionsOf('owner').length, 10);
  assert.deepEqual(permissionsOf('admin').filter((permission) => ['trading:live', 'admin:system'].includes(permission)), []);
  assert.ok(permissionsOf('admin').includes('admin:users'));
  assert.deepEqual(permissionsOf('viewer'), ['comm:read', 'financial:read', 'trading:read']);
});
