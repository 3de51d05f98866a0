import { fixtureText, startReplayServer, type RecordedRequest, type ReplayResponse, type ReplayServer } from './replay-server.ts';

/** Ids used by the SimpleFIN fixtures. */
export const SIMPLEFIN_FIXTURE = {
  checkingAccountId: 'ACT-5e7b3a90-93c4-4a43-b1f2-7d5d6c0e1a11',
  cardAccountId: 'ACT-0c9f27d4-18a2-4e0c-8a31-55f3e9b2c7d2',
} as const;

export type SimpleFinReplay = ReplayServer & {
  /** What the user pastes: base64 of this server's one-time claim URL. */
  setupToken: string;
  /** What the claim answers: `http://<user>:<password>@127.0.0.1:<port>/simplefin`. */
  accessUrl: string;
  /** Serve `fixtures/simplefin/<fixture>` from /accounts from now on. */
  serveAccounts: (fixture: string) => void;
  /** The next `times` /accounts requests answer 429 with Retry-After. */
  rateLimit: (times: number, retryAfterSeconds: number) => void;
  /** The user disables the access token at the bridge: /accounts answers 403. */
  revoke: () => void;
};

type Transaction = { posted: number; pending?: boolean };
type Account = { id: string; transactions?: Transaction[] };

/**
 * The query semantics of GET /accounts: `account` (repeatable), `start-date` inclusive, `end-date`
 * exclusive (Unix seconds, on `posted`), pending ones only with `pending=1`, `balances-only=1`.
 * Without any of them the fixture goes out verbatim (numbers exactly as written).
 */
function answer(text: string, query: URLSearchParams): string {
  const filtered = ['account', 'start-date', 'end-date', 'pending', 'balances-only'].some((name) => query.has(name));
  if (!filtered) return text;
  const document = JSON.parse(text) as { accounts: Account[] };
  const ids = query.getAll('account');
  const start = query.has('start-date') ? Number(query.get('start-date')) : -Infinity;
  const end = query.has('end-date') ? Number(query.get('end-date')) : Infinity;
  const withPending = query.get('pending') === '1';
  document.accounts = document.accounts
    .filter((account) => ids.length === 0 || ids.includes(account.id))
    .map((account) => {
      if (query.get('balances-only') === '1') return { ...account, transactions: [] };
      const transactions = (account.transactions ?? []).filter((transaction) =>
        transaction.pending === true || transaction.posted === 0 ? withPending : transaction.posted >= start && transaction.posted < end,
      );
      return { ...account, transactions };
    });
  return JSON.stringify(document);
}

/** A SimpleFIN Bridge stand-in: one claimable setup token, then /accounts from fixtures/simplefin. */
export async function startSimpleFinReplay(): Promise<SimpleFinReplay> {
  const claimToken = 'replay-claim-token';
  const user = 'replay-user';
  const password = 'replay p@ss';
  let claimed = false;
  let revoked = false;
  let fixture = 'accounts.json';
  let rateLimited = 0;
  let retryAfter = 0;
  let url = '';

  const expectedAuthorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const accounts = (request: RecordedRequest): ReplayResponse => {
    if (revoked || request.headers['authorization'] !== expectedAuthorization) return { status: 403, body: 'Forbidden', contentType: 'text/plain' };
    if (rateLimited > 0) {
      rateLimited -= 1;
      return { status: 429, body: 'Too Many Requests', contentType: 'text/plain', headers: { 'retry-after': String(retryAfter) } };
    }
    return { status: 200, body: answer(fixtureText('simplefin', fixture), request.query) };
  };

  const server = await startReplayServer([
    {
      method: 'POST',
      path: `/simplefin/claim/${claimToken}`,
      respond: () => {
        if (claimed) return { status: 403, body: 'Forbidden', contentType: 'text/plain' };
        claimed = true;
        return { status: 200, body: accessUrl(), contentType: 'text/plain' };
      },
    },
    { method: 'GET', path: '/simplefin/accounts', respond: accounts },
  ]);
  url = server.url;
  function accessUrl(): string {
    const access = new URL('/simplefin', url);
    access.username = encodeURIComponent(user);
    access.password = encodeURIComponent(password);
    return access.toString();
  }

  return {
    ...server,
    setupToken: Buffer.from(`${url}/simplefin/claim/${claimToken}`).toString('base64'),
    accessUrl: accessUrl(),
    serveAccounts: (name) => {
      fixture = name;
    },
    rateLimit: (times, seconds) => {
      rateLimited = times;
      retryAfter = seconds;
    },
    revoke: () => {
      revoked = true;
    },
  };
}
