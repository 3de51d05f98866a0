import { createHash, randomBytes } from 'node:crypto';

/**
 * Refresh and invitation tokens: `<tenantId>.<32 random bytes, base64url>`. The tenant id in
 * front lets the lookup run inside that tenant (row-level security) without any bypass; only the
 * SHA-256 of the whole token is stored.
 */
export type OpaqueToken = { token: string; hash: string };

const FORMAT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function newOpaqueToken(tenantId: string): OpaqueToken {
  const token = `${tenantId}.${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

/** The tenant a token belongs to, or undefined when it is not one of ours. */
export function tenantOfToken(token: string): string | undefined {
  return FORMAT.exec(token)?.[1];
}
