import type { z } from 'zod';
import { BankSyncError } from '../errors.ts';
import { parseJsonLosslessly } from '../http/json.ts';
import { decode, send, sharedFailure, type HttpOptions, type RawResponse } from '../http/transport.ts';
import type { DateRange } from '../types.ts';
import {
  accountDetailsSchema,
  accountMetadataSchema,
  agreementSchema,
  balancesSchema,
  institutionSchema,
  requisitionSchema,
  transactionsSchema,
  type AccountDetails,
  type AccountMetadata,
  type Agreement,
  type Balance,
  type GoCardlessTransaction,
  type Institution,
  type Requisition,
} from './schemas.ts';
import { createTokenSource } from './tokens.ts';

export const GOCARDLESS_API_BASE = 'https://bankaccountdata.gocardless.com/api/v2/';

const PROVIDER = 'gocardless';

export type GoCardlessClientOptions = HttpOptions & {
  secretId: string;
  secretKey: string;
  /** Default GOCARDLESS_API_BASE. */
  baseUrl?: string;
};

export type CreateAgreementInput = {
  institutionId: string;
  maxHistoricalDays: number;
  accessValidForDays: number;
  accessScope?: Array<'balances' | 'details' | 'transactions'>;
};

export type CreateRequisitionInput = {
  /** Where the bank sends the user back after consent. */
  redirect: string;
  institutionId: string;
  /** Our own unique reference (GoCardless rejects a reused one). */
  reference: string;
  agreementId?: string;
  userLanguage?: string;
};

export type GoCardlessClient = {
  institutions: (country: string) => Promise<Institution[]>;
  createAgreement: (input: CreateAgreementInput) => Promise<Agreement>;
  createRequisition: (input: CreateRequisitionInput) => Promise<Requisition>;
  requisition: (id: string) => Promise<Requisition>;
  deleteRequisition: (id: string) => Promise<void>;
  account: (id: string) => Promise<AccountMetadata>;
  accountDetails: (id: string) => Promise<AccountDetails>;
  balances: (id: string) => Promise<Balance[]>;
  transactions: (id: string, range?: DateRange) => Promise<{ booked: GoCardlessTransaction[]; pending: GoCardlessTransaction[] }>;
};

/** "summary: detail" from `{ summary, detail }`, or "field: detail; ..." from per-field errors. */
function explain(raw: RawResponse): string {
  let body: unknown;
  try {
    body = parseJsonLosslessly(raw.text);
  } catch {
    return `HTTP ${raw.status}`;
  }
  if (typeof body !== 'object' || body === null) return `HTTP ${raw.status}`;
  const text = (value: unknown) => (typeof value === 'string' ? value : Array.isArray(value) ? value.filter((part) => typeof part === 'string').join(' ') : '');
  const record = body as Record<string, unknown>;
  const top = [text(record['summary']), text(record['detail'])].filter(Boolean).join(': ');
  if (top) return top;
  const fields = Object.entries(record)
    .filter(([, value]) => typeof value === 'object' && value !== null)
    .map(([field, value]) => `${field}: ${text((value as Record<string, unknown>)['detail']) || text((value as Record<string, unknown>)['summary'])}`);
  return fields.length > 0 ? fields.join('; ') : `HTTP ${raw.status}`;
}

function failure(raw: RawResponse, what: string, options: HttpOptions): BankSyncError {
  const shared = sharedFailure(raw, PROVIDER, what, options);
  if (shared) return shared;
  const message = `${PROVIDER}: ${what}: ${explain(raw)}`;
  switch (raw.status) {
    case 401:
      return new BankSyncError('invalid_credentials', message);
    // 403: the end user's agreement expired or was revoked; 409: the account is suspended. Both need a new requisition.
    case 403:
    case 409:
      return new BankSyncError('access_expired', message);
    case 404:
      return new BankSyncError('not_found', message);
    default:
      return new BankSyncError('rejected', message);
  }
}

export function createGoCardlessClient(options: GoCardlessClientOptions): GoCardlessClient {
  const base = new URL(options.baseUrl ?? GOCARDLESS_API_BASE);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const endpoint = (path: string) => new URL(path, base);
  const tokens = createTokenSource(endpoint, options, options);

  async function call<Schema extends z.ZodType>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    what: string,
    schema: Schema | undefined,
    request: { query?: Record<string, string | undefined>; body?: unknown } = {},
  ): Promise<z.output<Schema>> {
    const url = endpoint(path);
    for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
    const attempt = async (token: string) =>
      send(
        PROVIDER,
        url,
        {
          method,
          headers: { accept: 'application/json', authorization: `Bearer ${token}`, ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        },
        options,
      );
    const token = await tokens.accessToken();
    let raw = await attempt(token);
    // The cached token can be revoked before its announced expiry: renew once and try again.
    if (raw.status === 401) {
      tokens.discard(token);
      raw = await attempt(await tokens.accessToken());
    }
    if (raw.status < 200 || raw.status >= 300) throw failure(raw, what, options);
    return schema === undefined ? (undefined as z.output<Schema>) : decode(schema, raw, PROVIDER, what);
  }

  const enc = encodeURIComponent;

  return {
    institutions: (country) => call('GET', 'institutions/', `institutions of ${country}`, institutionSchema.array(), { query: { country } }),
    createAgreement: (input) =>
      call('POST', 'agreements/enduser/', 'agreements/enduser', agreementSchema, {
        body: {
          institution_id: input.institutionId,
          max_historical_days: input.maxHistoricalDays,
          access_valid_for_days: input.accessValidForDays,
          access_scope: input.accessScope ?? ['balances', 'details', 'transactions'],
        },
      }),
    createRequisition: (input) =>
      call('POST', 'requisitions/', 'requisitions', requisitionSchema, {
        body: {
          redirect: input.redirect,
          institution_id: input.institutionId,
          reference: input.reference,
          ...(input.agreementId ? { agreement: input.agreementId } : {}),
          ...(input.userLanguage ? { user_language: input.userLanguage } : {}),
        },
      }),
    requisition: (id) => call('GET', `requisitions/${enc(id)}/`, `requisition ${id}`, requisitionSchema),
    deleteRequisition: async (id) => {
      await call('DELETE', `requisitions/${enc(id)}/`, `delete requisition ${id}`, undefined);
    },
    account: (id) => call('GET', `accounts/${enc(id)}/`, `account ${id}`, accountMetadataSchema),
    accountDetails: async (id) => (await call('GET', `accounts/${enc(id)}/details/`, `details of account ${id}`, accountDetailsSchema)).account,
    balances: async (id) => (await call('GET', `accounts/${enc(id)}/balances/`, `balances of account ${id}`, balancesSchema)).balances,
    transactions: async (id, range) =>
      (
        await call('GET', `accounts/${enc(id)}/transactions/`, `transactions of account ${id}`, transactionsSchema, {
          query: { date_from: range?.from, date_to: range?.to },
        })
      ).transactions,
  };
}
