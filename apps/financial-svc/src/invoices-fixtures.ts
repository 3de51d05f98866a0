import assert from 'node:assert/strict';
import type { FinancialHarness } from './test-harness.ts';

/** Shared by the invoice tests: JSON calls as a tenant, and a seller, client and draft to start from. */

export type Json = Record<string, unknown> & { errors?: { field: string }[] };

/** A 1×1 PNG, the smallest logo a PDF can embed. */
export const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export function invoiceApi(harness: FinancialHarness, tenant: string) {
  return async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${harness.url}${path}`, {
      method,
      headers: { ...(await harness.as(tenant)).headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Json) : {} };
  };
}

export type Api = ReturnType<typeof invoiceApi>;

export async function setUpSeller(api: Api, overrides: Record<string, unknown> = {}): Promise<Json> {
  const settings = await api('PUT', '/v1/financial/invoice-settings', {
    sellerName: 'Freelance Studio SL',
    sellerAddress: { street: 'Calle Mayor 1', city: 'Madrid', postalCode: '28013', country: 'ES' },
    sellerTaxId: 'ESB12345678',
    sellerEmail: 'billing@studio.example',
    iban: 'ES91 2100 0418 4502 0005 1332',
    bic: 'CAIXESBBXXX',
    paymentInstructions: 'Please pay by bank transfer.',
    defaultCurrency: 'EUR',
    defaultPaymentTermsDays: 14,
    ...overrides,
  });
  assert.equal(settings.status, 200, JSON.stringify(settings.body));
  return settings.body;
}

export async function createClient(api: Api, name = 'Acme Corp', fields: Record<string, unknown> = {}): Promise<string> {
  const created = await api('POST', '/v1/financial/clients', {
    name,
    email: 'ap@acme.example',
    taxId: 'DE123456789',
    address: { street: 'Hauptstr. 5', city: 'Berlin', country: 'DE' },
    ...fields,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body['id'] as string;
}

export async function createDraft(api: Api, clientId: string, fields: Record<string, unknown> = {}): Promise<Json> {
  const created = await api('POST', '/v1/financial/invoices', {
    clientId,
    currency: 'EUR',
    issueDate: '2026-03-01',
    lines: [{ description: 'Consulting', quantity: '3', unitPrice: '0.333', taxRate: '19' }],
    ...fields,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body;
}
