import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@ai-service/access';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TokenClaims = { sub?: string; tid?: string; perms?: string[]; expiresIn?: string | number; kid?: string };

/** An Ed25519 signing key standing in for auth-svc's: signs access tokens the way auth-svc does. */
export type TokenIssuer = { kid: string; jwk: JWK; sign: (claims?: TokenClaims) => Promise<string> };

export async function createTokenIssuer(kid: string = randomUUID()): Promise<TokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  return { kid, jwk, sign: (claims = {}) => signWith(privateKey, kid, claims) };
}

function signWith(key: CryptoKey, kid: string, claims: TokenClaims): Promise<string> {
  return new SignJWT({ tid: claims.tid ?? randomUUID(), perms: claims.perms ?? [] })
    .setProtectedHeader({ alg: 'EdDSA', kid: claims.kid ?? kid })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(claims.sub ?? randomUUID())
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '5m')
    .sign(key);
}

/** A JWKS endpoint on a real socket, serving the public keys of the given issuers. */
export async function serveJwks(issuers: TokenIssuer[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: issuers.map((issuer) => issuer.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/auth/.well-known/jwks.json`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
