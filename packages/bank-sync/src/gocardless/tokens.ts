import { BankSyncError } from '../errors.ts';
import { decode, send, sharedFailure, type HttpOptions } from '../http/transport.ts';
import { refreshedTokenSchema, tokenPairSchema } from './schemas.ts';

const PROVIDER = 'gocardless';
/** A token this close to expiry is renewed first, so it cannot lapse while a request is in flight. */
const EXPIRY_MARGIN_MS = 60_000;

type TokenState = { access: string; accessExpiresAt: number; refresh: string; refreshExpiresAt: number };

export type TokenSource = {
  /** A valid access token: cached, refreshed with the refresh token, or a new pair from the secrets. */
  accessToken: () => Promise<string>;
  /** The API refused `token` (revoked early): the next accessToken() will not return it. */
  discard: (token: string) => void;
};

/**
 * GoCardless access tokens live 24 h and refresh tokens 30 days. A new pair costs a `token/new`
 * call (itself rate limited), so the pair is cached and the access token renewed with the refresh
 * token until that one expires too. Concurrent callers share one renewal.
 */
export function createTokenSource(endpoint: (path: string) => URL, secrets: { secretId: string; secretKey: string }, options: HttpOptions): TokenSource {
  const now = () => (options.clock ?? (() => new Date()))().getTime();
  let state: TokenState | undefined;
  let renewing: Promise<string> | undefined;

  async function post(path: string, body: unknown, what: string) {
    const raw = await send(PROVIDER, endpoint(path), { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) }, options);
    const failure = sharedFailure(raw, PROVIDER, what, options);
    if (failure) throw failure;
    return raw;
  }

  async function newPair(): Promise<string> {
    const raw = await post('token/new/', { secret_id: secrets.secretId, secret_key: secrets.secretKey }, 'token/new');
    if (raw.status === 401 || raw.status === 403) throw new BankSyncError('invalid_credentials', 'gocardless: the secret id and key were refused');
    if (raw.status !== 200) throw new BankSyncError('rejected', `gocardless: token/new failed with HTTP ${raw.status}`);
    const pair = decode(tokenPairSchema, raw, PROVIDER, 'token/new');
    const at = now();
    state = { access: pair.access, accessExpiresAt: at + pair.access_expires * 1000, refresh: pair.refresh, refreshExpiresAt: at + pair.refresh_expires * 1000 };
    return pair.access;
  }

  async function refreshed(current: TokenState): Promise<string> {
    const raw = await post('token/refresh/', { refresh: current.refresh }, 'token/refresh');
    // A refused refresh token (revoked, or the secrets rotated) is replaced by a new pair.
    if (raw.status === 401 || raw.status === 403) return newPair();
    if (raw.status !== 200) throw new BankSyncError('rejected', `gocardless: token/refresh failed with HTTP ${raw.status}`);
    const token = decode(refreshedTokenSchema, raw, PROVIDER, 'token/refresh');
    state = { ...current, access: token.access, accessExpiresAt: now() + token.access_expires * 1000 };
    return token.access;
  }

  function renew(): Promise<string> {
    const current = state;
    const refreshUsable = current !== undefined && current.refreshExpiresAt - EXPIRY_MARGIN_MS > now();
    return refreshUsable ? refreshed(current) : newPair();
  }

  return {
    async accessToken() {
      if (state && state.accessExpiresAt - EXPIRY_MARGIN_MS > now()) return state.access;
      renewing ??= renew().finally(() => {
        renewing = undefined;
      });
      return renewing;
    },
    discard(token) {
      if (state?.access === token) state = { ...state, accessExpiresAt: 0 };
    },
  };
}
