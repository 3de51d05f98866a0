import { serviceConfigSchemas } from '@ai-service/config';
import { createTradingClient, type TradingComponents } from '@ai-service/contracts';
import { buildService } from '@ai-service/service-runtime';
import { createTestDatabase, createTokenIssuer, freePort, requireTestDatabaseUrl, serveJwks, type TestDatabase, type TokenIssuer } from '@ai-service/testing';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { defineService, type TradingServiceOptions } from './service.ts';

/** Shared by the trading-svc tests: a real service on a fresh database, tokens from a test issuer. */

export type TradingClient = ReturnType<typeof createTradingClient>;
export type Schemas = TradingComponents['schemas'];

export type TestTrading = { url: string; client: TradingClient; stop: () => Promise<void> };

export type TestWorld = {
  database: TestDatabase;
  issuer: TokenIssuer;
  jwksUrl: string;
  start: (env?: Record<string, string>, options?: TradingServiceOptions) => Promise<TestTrading>;
  close: () => Promise<void>;
};

/** A database for one test file, a token issuer and its JWKS; `start` runs trading-svc against them. */
export async function tradingTestWorld(): Promise<TestWorld> {
  const database = await createTestDatabase(requireTestDatabaseUrl());
  const issuer = await createTokenIssuer();
  const jwks = await serveJwks([issuer]);
  const running = new Set<() => Promise<void>>();
  return {
    database,
    issuer,
    jwksUrl: jwks.url,
    start: async (env = {}, options = {}) => {
      const port = await freePort();
      const config = serviceConfigSchemas['trading-svc'].parse({
        DATABASE_URL: database.url,
        AUTH_JWKS_URL: jwks.url,
        TRADING_SVC_PORT: String(port),
        LOG_LEVEL: 'silent',
        ...env,
      });
      const built = await buildService(defineService(config, options));
      const url = await built.listen().catch(async (error: unknown) => {
        await built.close();
        throw error;
      });
      const stop = async () => {
        if (running.delete(stop)) await built.close();
      };
      running.add(stop);
      return { url, client: createTradingClient({ baseUrl: url }), stop };
    },
    close: async () => {
      for (const stop of running) await stop();
      await jwks.close();
      await database.drop();
    },
  };
}

export type TestUser = { tenantId: string; token: string; auth: { headers: { authorization: string } } };

/** A user of a new tenant (or of `tenantId`) holding the permissions. */
export async function testUser(issuer: TokenIssuer, perms: string[] = ['trading:read', 'trading:trade'], tenantId: string = randomUUID()): Promise<TestUser> {
  const token = await issuer.sign({ tid: tenantId, perms });
  return { tenantId, token, auth: { headers: { authorization: `Bearer ${token}` } } };
}

export type UploadFields = { exchange?: string; symbol?: string; timeframe?: string };

/** POST /v1/trading/candles as a browser form would send it. */
export async function uploadCandles(url: string, user: TestUser, csv: string | undefined, fields: UploadFields = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' }) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (csv !== undefined) form.append('file', new Blob([csv], { type: 'text/csv' }), 'candles.csv');
  const response = await fetch(`${url}/v1/trading/candles`, { method: 'POST', body: form, headers: user.auth.headers });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as Record<string, unknown> };
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
