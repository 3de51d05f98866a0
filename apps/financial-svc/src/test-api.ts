import { parseEvent } from '@ai-service/contracts/events';
import { randomUUID } from 'node:crypto';
import type { FinancialHarness } from './test-harness.ts';

/**
 * Plain HTTP calls as one tenant's user, for tests that check status codes, problem bodies, CSV and
 * multipart uploads (the typed client in the harness covers JSON round trips).
 */
export type TenantApi = {
  get: (path: string, headers?: Record<string, string>) => Promise<Response>;
  post: (path: string, body: unknown) => Promise<Response>;
  put: (path: string, body: unknown) => Promise<Response>;
  del: (path: string) => Promise<Response>;
  upload: (path: string, fields: Record<string, Blob | string>) => Promise<Response>;
  /** The JSON of a 2xx answer (fails with the body otherwise). */
  json: <T = Record<string, unknown>>(response: Promise<Response> | Response) => Promise<T>;
};

export function tenantApi(harness: FinancialHarness, tenantId: string, perms?: string[]): TenantApi {
  const auth = async () => (await harness.as(tenantId, perms)).headers;
  const send = async (method: string, path: string, body?: unknown) =>
    fetch(`${harness.url}${path}`, {
      method,
      headers: { ...(await auth()), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    get: async (path, headers = {}) => fetch(`${harness.url}${path}`, { headers: { ...(await auth()), ...headers } }),
    post: (path, body) => send('POST', path, body),
    put: (path, body) => send('PUT', path, body),
    del: (path) => send('DELETE', path),
    upload: async (path, fields) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      return fetch(`${harness.url}${path}`, { method: 'POST', headers: await auth(), body: form });
    },
    json: async <T,>(pending: Promise<Response> | Response) => {
      const response = await pending;
      const text = await response.text();
      if (response.status >= 300) throw new Error(`HTTP ${response.status}: ${text}`);
      return JSON.parse(text) as T;
    },
  };
}

/** The problem body of a 4xx, after checking its status and media type. */
export async function problemOf(response: Response, status: number): Promise<{ detail?: string; code?: string; errors?: { field: string; message: string }[] }> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  if (!/^application\/problem\+json/.test(response.headers.get('content-type') ?? '')) throw new Error(`not a problem: ${text}`);
  return JSON.parse(text) as { detail?: string; code?: string; errors?: { field: string; message: string }[] };
}

export type JsonBody = Record<string, unknown> & { items?: Array<Record<string, unknown>> };

/** One JSON call as a user of the tenant (read and write), with its status and parsed body (`{}` when empty). */
export async function callAs(harness: FinancialHarness, tenantId: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: JsonBody }> {
  const { headers } = await harness.as(tenantId);
  const response = await fetch(`${harness.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as JsonBody) : {} };
}

/** A new tenant with an EUR checking account and an EUR client, all through the API: the start of every invoicing test. */
export async function invoicingTenant(harness: FinancialHarness): Promise<{ tenantId: string; api: TenantApi; accountId: string; clientId: string }> {
  const tenantId = randomUUID();
  const api = tenantApi(harness, tenantId);
  const account = await api.json<{ id: string }>(api.post('/v1/financial/accounts', { name: 'Business', type: 'checking', currency: 'EUR' }));
  const client = await api.json<{ id: string }>(api.post('/v1/financial/clients', { name: 'Acme GmbH', currency: 'EUR' }));
  return { tenantId, api, accountId: account.id, clientId: client.id };
}

/** An outbox row as tests read it (`occurred_at` as text). */
export type StoredEventRow = { id: string; type: string; version: number; tenant_id: string; aggregate_type: string; aggregate_id: string; occurred_at: string; trace_id: string | null; payload: unknown };

/** The event catalogue's verdict on a stored outbox row, read back as the relay would publish it. */
export const parseStoredEvent = (row: StoredEventRow) =>
  parseEvent({
    id: row.id,
    type: row.type,
    version: row.version,
    occurredAt: new Date(row.occurred_at).toISOString(),
    tenantId: row.tenant_id,
    traceId: row.trace_id,
    aggregate: { type: row.aggregate_type, id: row.aggregate_id },
    payload: row.payload,
  });

/** One request of a table-driven test: its JSON body (if any) and its Authorization header (if any). */
export function sendCase(target: string, method: string, body: unknown, authorization?: string): Promise<Response> {
  return fetch(target, {
    method,
    headers: { ...(authorization ? { authorization } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}
