import { serviceConfigSchemas } from '@ai-service/config';
import { createAuthClient, type AuthComponents } from '@ai-service/contracts';
import { buildService, type BuiltService } from '@ai-service/service-runtime';
import { createTestDatabase, freePort, requireTestDatabaseUrl, type TestDatabase } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { AuthConfig } from './context.ts';
import { defineService } from './service.ts';

/** Shared by the auth-svc tests: a real service on a fresh database, driven through the generated client. */

export type Session = AuthComponents['schemas']['Session'];
export type AuthClient = ReturnType<typeof createAuthClient>;

/** A clock the test moves by hand (lockout windows, expiry) instead of sleeping. */
export function testClock(start = new Date()) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

export type TestAuth = { url: string; client: AuthClient; config: AuthConfig; built: BuiltService; stop: () => Promise<void> };

export type TestAuthOptions = { clock?: () => Date; env?: Record<string, string>; encryptionKey?: string };

/** A database for one test file, with an encryption key for its signing keys. */
export async function authTestDatabase(): Promise<TestDatabase & { encryptionKey: string }> {
  return { ...(await createTestDatabase(requireTestDatabaseUrl())), encryptionKey: randomBytes(32).toString('base64') };
}

export async function startAuth(database: TestDatabase & { encryptionKey: string }, options: TestAuthOptions = {}): Promise<TestAuth> {
  const config = serviceConfigSchemas['auth-svc'].parse({
    DATABASE_URL: database.url,
    AUTH_KEY_ENCRYPTION_KEY: options.encryptionKey ?? database.encryptionKey,
    AUTH_SVC_PORT: String(await freePort()),
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const built = await buildService(defineService(config, options.clock ? { clock: options.clock } : {}));
  const url = await built.listen().catch(async (error: unknown) => {
    await built.close();
    throw error;
  });
  return { url, client: createAuthClient({ baseUrl: url }), config, built, stop: built.close };
}

export const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

export const uniqueEmail = (name = 'user') => `${name}-${randomUUID().slice(0, 8)}@example.org`;

export const PASSWORD = 'correct horse battery staple';

/** Registers a new tenant; returns its owner's session. */
export async function registerOwner(client: AuthClient, email = uniqueEmail('owner'), tenantName = 'Household'): Promise<Session> {
  const { data, response } = await client.POST('/v1/auth/register', { body: { tenantName, email, password: PASSWORD } });
  assert.equal(response.status, 201);
  return data!;
}

export async function loginAs(client: AuthClient, email: string, password = PASSWORD): Promise<Session> {
  const { data, response } = await client.POST('/v1/auth/login', { body: { email, password } });
  assert.equal(response.status, 200);
  return data!;
}

/** Invites a user with the roles and accepts the invitation; returns the new user's session. */
export async function addMember(client: AuthClient, owner: Session, roles: AuthComponents['schemas']['RoleName'][], email = uniqueEmail('member')): Promise<Session> {
  const invited = await client.POST('/v1/auth/users', { body: { email, roles }, ...bearer(owner.tokens.accessToken) });
  assert.equal(invited.response.status, 201);
  const accepted = await client.POST('/v1/auth/invitations/accept', { body: { invitationToken: invited.data!.invitationToken, password: PASSWORD } });
  assert.equal(accepted.response.status, 200);
  return accepted.data!;
}

/** Reads the database as its owner (no row-level security), for assertions on stored rows. */
export async function queryAsOwner<T extends pg.QueryResultRow>(databaseUrl: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Asserts a problem+json answer (as openapi-fetch returns it) with the status, and code when given. */
export function assertProblem(result: { response: Response; error?: unknown }, status: number, code?: string): Record<string, unknown> {
  assert.equal(result.response.status, status);
  assert.match(result.response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const body = result.error as Record<string, unknown>;
  assert.equal(body['status'], status);
  if (code) assert.equal(body['code'], code);
  return body;
}
