import type { Identity, TokenVerifier } from '@ai-service/access';
import { decodeJwt } from 'jose';

export type TokenCacheOptions = {
  /** Distinct tokens remembered; the oldest is forgotten first. */
  maxEntries: number;
  /** Longest a verification is reused, however long the token still lives. */
  maxAgeMs: number;
  now?: () => number;
};

type Entry = { identity: Identity; until: number };

/**
 * Remembers tokens that verified, until they expire (at most `maxAgeMs`): a client sends the same
 * access token with every call for up to 15 minutes, and checking its Ed25519 signature each time
 * is the largest CPU cost of a forwarded call. Only exact token strings that passed verification
 * are reused, never past their `exp`; failures are never cached. `maxAgeMs` bounds how long a
 * signing key withdrawn from the JWKS keeps working here (the JWKS itself is cached for minutes).
 */
export function cachedTokenVerifier(verify: TokenVerifier, { maxEntries, maxAgeMs, now = Date.now }: TokenCacheOptions): TokenVerifier {
  const entries = new Map<string, Entry>();
  return async (token) => {
    const cached = entries.get(token);
    if (cached && cached.until > now()) return cached.identity;
    if (cached) entries.delete(token);

    const identity = await verify(token);
    const expiresAt = decodeJwt(token).exp;
    if (typeof expiresAt !== 'number') return identity;
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    // Frozen: every request holding this token shares the object.
    const shared = Object.freeze({ ...identity, permissions: Object.freeze([...identity.permissions]) as string[] });
    entries.set(token, { identity: shared, until: Math.min(now() + maxAgeMs, expiresAt * 1000) });
    return shared;
  };
}
