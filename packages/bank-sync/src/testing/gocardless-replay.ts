import { fixtureText, startReplayServer, type RecordedRequest, type ReplayResponse, type ReplayServer } from './replay-server.ts';

/** Ids used by the GoCardless fixtures. */
export const GOCARDLESS_FIXTURE = {
  institutionId: 'SANDBOXFINANCE_SFIN0000',
  requisitionId: '8126e9fb-93c9-4228-937c-68f0383c2df7',
  checkingAccountId: '7e944232-bda9-40bc-b784-660c7ab5fe78',
  savingsAccountId: '99a0bfe2-0bef-46df-bff2-e9ae0c6c5838',
  secretId: 'replay-secret-id',
  secretKey: 'replay-secret-key',
} as const;

export type GoCardlessReplay = ReplayServer & {
  /** API base to give the client (`<url>/api/v2/`). */
  baseUrl: string;
  /** Serve `accounts/<id>/<fixture>` for that account's transactions from now on. */
  serveTransactions: (accountId: string, fixture: string) => void;
  /** The next `times` account-data requests (details, balances, transactions) answer 429 with GoCardless's headers. */
  rateLimit: (times: number, resetSeconds: number) => void;
  /** The requisition becomes linked (the user gave consent at the bank). */
  link: () => void;
  /** The end-user agreement lapses: account data answers 403. */
  expireAgreement: () => void;
  /** Access tokens issued so far stop working (revoked early): their next use answers 401. */
  revokeAccessTokens: () => void;
};

const PREFIX = '/api/v2';

function json(text: string, status = 200, headers: Record<string, string> = {}): ReplayResponse {
  return { status, body: text, headers };
}

/** Only the transactions whose booking (pending: value) date is within date_from..date_to, as the API does. */
function withinDates(text: string, query: URLSearchParams): string {
  const from = query.get('date_from');
  const to = query.get('date_to');
  if (!from && !to) return text;
  type Row = { bookingDate?: string; valueDate?: string };
  const document = JSON.parse(text) as { transactions: { booked: Row[]; pending: Row[] } };
  const keep = (row: Row) => {
    const date = row.bookingDate ?? row.valueDate ?? '';
    return (!from || date >= from) && (!to || date <= to);
  };
  document.transactions.booked = document.transactions.booked.filter(keep);
  document.transactions.pending = document.transactions.pending.filter(keep);
  return JSON.stringify(document);
}

/** A stateful GoCardless Bank Account Data stand-in answering from fixtures/gocardless. */
export async function startGoCardlessReplay(): Promise<GoCardlessReplay> {
  const tokenNew = JSON.parse(fixtureText('gocardless', 'token-new.json')) as { access: string; refresh: string };
  const tokenRefresh = JSON.parse(fixtureText('gocardless', 'token-refresh.json')) as { access: string };
  const validTokens = new Set<string>();
  const transactionFixture = new Map<string, string>();
  let issued = 0;
  let rateLimited = 0;
  let resetSeconds = 0;
  let linked = false;
  let expired = false;
  let accountSuccessRemaining = 4;

  const issue = (base: string) => {
    issued += 1;
    const token = `${base}.${issued}`;
    validTokens.add(token);
    return token;
  };
  const authorized = (request: RecordedRequest) => validTokens.has((request.headers['authorization'] ?? '').replace(/^Bearer /, ''));
  const unauthorized = () => json(fixtureText('gocardless', 'invalid-token.json'), 401);
  const limits = () => ({
    HTTP_X_RATELIMIT_LIMIT: '100',
    HTTP_X_RATELIMIT_REMAINING: '99',
    HTTP_X_RATELIMIT_RESET: '60',
    HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_LIMIT: '4',
    HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_REMAINING: String(accountSuccessRemaining),
    HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_RESET: String(resetSeconds || 86_400),
  });

  function accountData(request: RecordedRequest, match: RegExpExecArray | undefined): ReplayResponse {
    if (!authorized(request)) return unauthorized();
    const [, accountId = '', resource = ''] = match ?? [];
    if (rateLimited > 0) {
      rateLimited -= 1;
      const body = fixtureText('gocardless', 'rate-limited.json').replace(/try again in \d+ seconds/, `try again in ${resetSeconds} seconds`);
      return json(body, 429, { ...limits(), HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_REMAINING: '0' });
    }
    if (expired) return json(fixtureText('gocardless', 'access-expired.json'), 403);
    const name = resource === 'transactions' ? (transactionFixture.get(accountId) ?? 'transactions.json') : `${resource}.json`;
    let text: string;
    try {
      text = fixtureText('gocardless', `accounts/${accountId}/${name}`);
    } catch {
      return json(JSON.stringify({ summary: 'Not found.', detail: `Account ${accountId} not found`, status_code: 404 }), 404);
    }
    accountSuccessRemaining = Math.max(0, accountSuccessRemaining - 1);
    return json(resource === 'transactions' ? withinDates(text, request.query) : text, 200, limits());
  }

  const server = await startReplayServer([
    {
      method: 'POST',
      path: `${PREFIX}/token/new/`,
      respond: (request) => {
        const body = JSON.parse(request.body || '{}') as { secret_id?: string; secret_key?: string };
        if (body.secret_id !== GOCARDLESS_FIXTURE.secretId || body.secret_key !== GOCARDLESS_FIXTURE.secretKey) {
          return json(JSON.stringify({ summary: 'Authentication failed', detail: 'No active account found with the given credentials', status_code: 401 }), 401);
        }
        return json(JSON.stringify({ ...JSON.parse(fixtureText('gocardless', 'token-new.json')), access: issue(tokenNew.access) }));
      },
    },
    {
      method: 'POST',
      path: `${PREFIX}/token/refresh/`,
      respond: (request) => {
        const body = JSON.parse(request.body || '{}') as { refresh?: string };
        if (body.refresh !== tokenNew.refresh) return unauthorized();
        return json(JSON.stringify({ ...JSON.parse(fixtureText('gocardless', 'token-refresh.json')), access: issue(tokenRefresh.access) }));
      },
    },
    {
      method: 'GET',
      path: `${PREFIX}/institutions/`,
      respond: (request) => {
        if (!authorized(request)) return unauthorized();
        return json(request.query.get('country')?.toUpperCase() === 'ES' ? fixtureText('gocardless', 'institutions-es.json') : '[]');
      },
    },
    {
      method: 'POST',
      path: `${PREFIX}/agreements/enduser/`,
      respond: (request) => (authorized(request) ? json(fixtureText('gocardless', 'agreement.json'), 201) : unauthorized()),
    },
    {
      method: 'POST',
      path: `${PREFIX}/requisitions/`,
      respond: (request) => {
        if (!authorized(request)) return unauthorized();
        const input = JSON.parse(request.body || '{}') as { redirect?: string; reference?: string };
        const created = JSON.parse(fixtureText('gocardless', 'requisition-created.json')) as Record<string, unknown>;
        return json(JSON.stringify({ ...created, redirect: input.redirect, reference: input.reference }), 201);
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^${PREFIX}/requisitions/([^/]+)/$`),
      respond: (request, match) => {
        if (!authorized(request)) return unauthorized();
        if (match?.[1] !== GOCARDLESS_FIXTURE.requisitionId) return json(JSON.stringify({ summary: 'Not found.', detail: 'Not found.', status_code: 404 }), 404);
        const status = expired ? 'EX' : linked ? 'LN' : undefined;
        const base = JSON.parse(fixtureText('gocardless', linked ? 'requisition-linked.json' : 'requisition-created.json')) as Record<string, unknown>;
        return json(JSON.stringify(status ? { ...base, status } : base));
      },
    },
    {
      method: 'DELETE',
      path: new RegExp(`^${PREFIX}/requisitions/([^/]+)/$`),
      respond: (request) => (authorized(request) ? json(JSON.stringify({ summary: 'Requisition deleted', detail: 'Requisition and its end user agreement deleted' })) : unauthorized()),
    },
    {
      method: 'GET',
      path: new RegExp(`^${PREFIX}/accounts/([^/]+)/$`),
      respond: (request, match) => {
        if (!authorized(request)) return unauthorized();
        try {
          return json(fixtureText('gocardless', `accounts/${match?.[1] ?? ''}/metadata.json`), 200, limits());
        } catch {
          return json(JSON.stringify({ summary: 'Not found.', detail: 'Account not found', status_code: 404 }), 404);
        }
      },
    },
    { method: 'GET', path: new RegExp(`^${PREFIX}/accounts/([^/]+)/(details|balances|transactions)/$`), respond: accountData },
  ]);

  return {
    ...server,
    baseUrl: `${server.url}${PREFIX}/`,
    serveTransactions: (accountId, fixture) => transactionFixture.set(accountId, fixture),
    rateLimit: (times, seconds) => {
      rateLimited = times;
      resetSeconds = seconds;
    },
    link: () => {
      linked = true;
    },
    expireAgreement: () => {
      expired = true;
    },
    revokeAccessTokens: () => validTokens.clear(),
  };
}
