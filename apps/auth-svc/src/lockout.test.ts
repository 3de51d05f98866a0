import type { TestDatabase } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { assertProblem, authTestDatabase, PASSWORD, queryAsOwner, registerOwner, startAuth, testClock, type TestAuth } from './test-harness.ts';

const MAX_ATTEMPTS = 3;
const LOCK_MINUTES = 2;

let database: TestDatabase & { encryptionKey: string };
let auth: TestAuth;
const clock = testClock();

before(async () => {
  database = await authTestDatabase();
  auth = await startAuth(database, { clock: clock.now, env: { AUTH_LOCKOUT_MAX_ATTEMPTS: String(MAX_ATTEMPTS), AUTH_LOCKOUT_MINUTES: String(LOCK_MINUTES) } });
});
after(async () => {
  await auth?.stop();
  await database?.drop();
});

const traceparent = () => {
  const traceId = randomBytes(16).toString('hex');
  return { traceId, header: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` } };
};

const login = (email: string, password: string, headers: Record<string, string> = {}) => auth.client.POST('/v1/auth/login', { body: { email, password }, headers });

type EventRow = { type: string; actor: string; trace_id: string | null; payload: Record<string, unknown> };
const eventsOf = (userId: string) =>
  queryAsOwner<EventRow>(database.url, `select type, actor, trace_id, payload from auth.event_log where aggregate_id = $1 order by occurred_at, type`, [userId]);

test(`${MAX_ATTEMPTS} failed sign-ins lock the account (423 + Retry-After) until the window passes`, async () => {
  const owner = await registerOwner(auth.client);
  const email = owner.user.email;

  for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) assertProblem(await login(email, 'wrong password'), 401, 'INVALID_CREDENTIALS');
  const locking = await login(email, 'wrong password');
  assertProblem(locking, 423, 'LOCKED');
  assert.equal(locking.response.headers.get('retry-after'), String(LOCK_MINUTES * 60));

  // Locked: even the right password is refused, and the wait shrinks as time passes.
  clock.advance(30_000);
  const whileLocked = await login(email, PASSWORD);
  assertProblem(whileLocked, 423, 'LOCKED');
  assert.equal(whileLocked.response.headers.get('retry-after'), String(LOCK_MINUTES * 60 - 30));

  clock.advance(LOCK_MINUTES * 60_000);
  const unlocked = await login(email, PASSWORD);
  assert.equal(unlocked.response.status, 200);
  assert.equal(unlocked.data?.user.lockedUntil, null);
});

test('a successful sign-in resets the failure counter', async () => {
  const owner = await registerOwner(auth.client);
  for (let round = 0; round < 3; round += 1) {
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) assertProblem(await login(owner.user.email, 'wrong password'), 401);
    assert.equal((await login(owner.user.email, PASSWORD)).response.status, 200);
  }
});

test('sign-in outcomes are audited with the trace id of the request', async () => {
  const owner = await registerOwner(auth.client);
  const email = owner.user.email;
  const ok = traceparent();
  const failed = traceparent();
  const locking = traceparent();
  assert.equal((await login(email, PASSWORD, ok.header)).response.status, 200);
  for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) await login(email, 'wrong password', failed.header);
  assertProblem(await login(email, 'wrong password', locking.header), 423);

  const events = await eventsOf(owner.user.id);
  const byTrace = (traceId: string) => events.filter((event) => event.trace_id === traceId).map((event) => event.type);
  assert.deepEqual(byTrace(ok.traceId), ['LoginSucceeded']);
  assert.deepEqual(byTrace(failed.traceId), Array(MAX_ATTEMPTS - 1).fill('LoginFailed'));
  assert.deepEqual(byTrace(locking.traceId).sort(), ['AccountLocked', 'LoginFailed']);
  assert.ok(events.every((event) => event.actor === owner.user.id));
  const lock = events.find((event) => event.type === 'AccountLocked');
  assert.equal(lock?.payload['attempts'], MAX_ATTEMPTS);

  const [user] = await queryAsOwner<{ failed_login_attempts: number; locked: boolean }>(
    database.url,
    'select failed_login_attempts, locked_until is not null as locked from auth.users where id = $1',
    [owner.user.id],
  );
  assert.deepEqual(user, { failed_login_attempts: 0, locked: true });
});
