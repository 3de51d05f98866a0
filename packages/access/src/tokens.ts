import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AccessError } from './errors.ts';

/** Who is calling, as stated by a verified access token. */
export type Identity = { userId: string; tenantId: string; permissions: string[]; tokenId: string | undefined };

export const TOKEN_ISSUER = 'ai-service-auth';
export const TOKEN_AUDIENCE = 'ai-service';
export const TOKEN_ALGORITHMS = ['EdDSA'];

export type TokenVerifier = (token: string) => Promise<Identity>;

/**
 * Verifies access tokens against auth-svc's JWKS. jose caches the key set and refetches it when a
 * token names an unknown `kid` (key rotation), with a cooldown so bad tokens cannot hammer auth-svc.
 */
export function remoteTokenVerifier(jwksUrl: string): TokenVerifier {
  return tokenVerifier(createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000, timeoutDuration: 5_000 }));
}

export function tokenVerifier(keys: JWTVerifyGetKey): TokenVerifier {
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, algorithms: TOKEN_ALGORITHMS });
      const permissions = Array.isArray(payload['perms']) ? payload['perms'].filter((value) => typeof value === 'string') : [];
      if (typeof payload.sub !== 'string' || typeof payload['tid'] !== 'string') throw new Error('token without subject or tenant');
      return { userId: payload.sub, tenantId: payload['tid'], permissions, tokenId: payload.jti };
    } catch {
      throw new AccessError('UNAUTHENTICATED', 'The access token is invalid or expired.');
    }
  };
}
