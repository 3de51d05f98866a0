import { createAuthClient, type AuthComponents } from '@ai-service/contracts';

type Permission = AuthComponents['schemas']['Permission'];

export type ServiceTokenSourceOptions = {
  /** auth-svc's base URL (AUTH_SVC_URL). */
  authUrl: string;
  /** The asking service's name, as auth-svc knows it (e.g. `worker-financial`). */
  client: string;
  /** INTERNAL_SERVICE_SECRET. */
  secret: string;
  /** Time source for expiry; tests pass their own. */
  now?: () => number;
};

/** Returns a bearer token for the tenant with the given permissions, from cache while it is fresh. */
export type ServiceTokenSource = (tenantId: string, permissions: Permission[]) => Promise<string>;

/** A token is renewed this long before it expires, so a call never leaves with a token about to lapse. */
const RENEW_BEFORE_MS = 60_000;

/**
 * Service tokens from auth-svc (`POST /v1/auth/service-tokens`) for a platform service acting for
 * a tenant: one request per tenant and permission set, then cached until shortly before expiry.
 */
export function serviceTokenSource({ authUrl, client, secret, now = Date.now }: ServiceTokenSourceOptions): ServiceTokenSource {
  const auth = createAuthClient({ baseUrl: authUrl });
  const authorization = `Basic ${Buffer.from(`${client}:${secret}`).toString('base64')}`;
  const cache = new Map<string, { token: Promise<string>; renewAt: number }>();

  return (tenantId, permissions) => {
    const key = `${tenantId} ${[...permissions].sort().join(',')}`;
    const cached = cache.get(key);
    if (cached && cached.renewAt > now()) return cached.token;
    const requestedAt = now();
    const token = auth.POST('/v1/auth/service-tokens', { body: { tenantId, permissions }, headers: { authorization } }).then(({ data, response }) => {
      if (!data) throw new Error(`auth-svc refused a service token for ${client}: HTTP ${response.status}`);
      cache.set(key, { token, renewAt: requestedAt + data.expiresIn * 1000 - RENEW_BEFORE_MS });
      return data.accessToken;
    });
    // Concurrent callers share the request in flight; a failure is not cached.
    cache.set(key, { token, renewAt: Number.POSITIVE_INFINITY });
    token.catch(() => cache.delete(key));
    return token;
  };
}
