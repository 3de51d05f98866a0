import { serviceConfigSchemas } from '@ai-service/config';
import { createFinancialClient } from '@ai-service/contracts';
import type { Database } from '@ai-service/db';
import type { Clock, FinancialContext } from '@ai-service/financial-domain';
import { buildService, type BuiltService } from '@ai-service/service-runtime';
import { createTestDatabase, createTokenIssuer, freePort, requireTestDatabaseUrl, serveJwks } from '@ai-service/testing';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { BankSyncOverrides } from './bank-sync.ts';
import { defineService, type FinancialConfig } from './service.ts';

/**
 * Shared by the financial-svc tests (and those of every financial area): the real service on a
 * fresh database with its migrations applied, tokens signed by a test issuer whose JWKS the
 * service trusts, and direct access to the database for domain-level calls and assertions.
 */

export const READ = ['financial:read'];
export const WRITE = ['financial:read', 'financial:write'];

export type FinancialClient = ReturnType<typeof createFinancialClient>;

export type FinancialHarness = {
  /** The Fastify app, for `app.inject`. */
  app: FastifyInstance;
  url: string;
  /** Typed client generated from openapi/financial.yaml. */
  client: FinancialClient;
  config: FinancialConfig;
  built: BuiltService;
  /** Drizzle over the service's own pool (runtime role: row-level security applies). */
  db: Database;
  /** An access token for a user of the tenant, with the permissions (default: read and write). */
  tokenFor: (tenantId: string, perms?: string[], userId?: string) => Promise<string>;
  /** `{ headers: { authorization } }` for the client, for a user of the tenant. */
  as: (tenantId: string, perms?: string[], userId?: string) => Promise<{ headers: { authorization: string } }>;
  /** A domain context for the tenant (actor: a random user unless given), to call domain functions directly. */
  ctxFor: (tenantId: string, actorId?: string | null) => FinancialContext;
  /** Reads or writes as the database owner (no row-level security), for assertions on stored rows. */
  queryAsOwner: <T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<T[]>;
  close: () => Promise<void>;
};

export type FinancialHarnessOptions = { clock?: Clock; relay?: boolean; env?: Record<string, string>; bankSync?: BankSyncOverrides };

export async function startFinancialHarness(options: FinancialHarnessOptions = {}): Promise<FinancialHarness> {
  const clock = options.clock ?? (() => new Date());
  const database = await createTestDatabase(requireTestDatabaseUrl());
  const issuer = await createTokenIssuer();
  const jwks = await serveJwks([issuer]);
  const config = serviceConfigSchemas['financial-svc'].parse({
    DATABASE_URL: database.url,
    AUTH_JWKS_URL: jwks.url,
    FINANCIAL_SVC_PORT: String(await freePort()),
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const built = await buildService(defineService(config, { clock, relay: options.relay ?? false, ...(options.bankSync ? { bankSync: options.bankSync } : {}) }));
  const owner = new pg.Pool({ connectionString: database.url, max: 2 });
  // The database is dropped with force at the end: a connection it terminates must not crash the test process.
  owner.on('error', () => undefined);
  const close = async () => {
    await built.close();
    await owner.end();
    await jwks.close();
    await database.drop();
  };
  const url = await built.listen().catch(async (error: unknown) => {
    await close();
    throw error;
  });
  const db = drizzle(built.deps.pool!);
  const tokenFor = (tenantId: string, perms: string[] = WRITE, userId: string = randomUUID()) => issuer.sign({ tid: tenantId, sub: userId, perms });
  return {
    app: built.app,
    url,
    client: createFinancialClient({ baseUrl: url }),
    config,
    built,
    db,
    tokenFor,
    as: async (tenantId, perms, userId) => ({ headers: { authorization: `Bearer ${await tokenFor(tenantId, perms, userId)}` } }),
    ctxFor: (tenantId, actorId = randomUUID()) => ({ db, tenantId, actorId, traceId: undefined, clock }),
    queryAsOwner: async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await owner.query<T>(text, values)).rows,
    close,
  };
}
