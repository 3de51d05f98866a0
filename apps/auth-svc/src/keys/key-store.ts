import { TOKEN_AUDIENCE, TOKEN_ISSUER, tokenVerifier, type TokenVerifier } from '@ai-service/access';
import type { Database } from '@ai-service/db';
import { calculateJwkThumbprint, createLocalJWKSet, errors, SignJWT, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';
import { createPrivateKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { Clock } from '../context.ts';
import { activeSigningKeys, insertSigningKey, lockSigningKeys, retireSigningKeys, type SigningKeyRow } from '../repositories/signing-keys.ts';
import { openPrivateKey, sealPrivateKey } from './key-crypto.ts';

/** A new signing key every 30 days; the previous ones stay in the JWKS until no token they signed can be valid. */
export const KEY_ROTATION_MS = 30 * 24 * 3600_000;
/** How often each instance reloads the key set (picks up keys another replica created). */
export const KEY_RELOAD_INTERVAL_MS = 60_000;
/** A token naming an unknown kid reloads the key set at most this often. */
const UNKNOWN_KID_COOLDOWN_MS = 10_000;

export type AccessClaims = { userId: string; tenantId: string; permissions: string[] };

export type KeyStore = {
  /** Creates the first key, rotates and retires keys when due, then loads the current set. */
  refresh: () => Promise<void>;
  signAccessToken: (claims: AccessClaims, issuedAt: Date) => Promise<string>;
  /** Every non-retired public key, for `/.well-known/jwks.json`. */
  jwks: () => JSONWebKeySet;
  /** Verifies access tokens against the same keys, locally (no HTTP call to itself). */
  verify: TokenVerifier;
};

export type KeyStoreOptions = { db: Database; encryptionKey: Buffer; clock: Clock; accessTokenTtlSeconds: number };

type Loaded = { signingKid: string; privateKey: KeyObject; jwks: JSONWebKeySet; getKey: JWTVerifyGetKey };

async function newSigningKey(encryptionKey: Buffer, createdAt: Date) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  return { kid, publicJwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' }, encryptedPrivateKey: sealPrivateKey(encryptionKey, kid, pkcs8), createdAt };
}

export function createKeyStore({ db, encryptionKey, clock, accessTokenTtlSeconds }: KeyStoreOptions): KeyStore {
  // Another replica may sign with an older key for up to one reload interval after a rotation.
  const retireGraceMs = accessTokenTtlSeconds * 1000 + 2 * KEY_RELOAD_INTERVAL_MS;
  let loaded: Loaded | undefined;
  let lastUnknownKidReload = -Infinity;

  async function load(): Promise<Loaded> {
    const rows: SigningKeyRow[] = await activeSigningKeys(db);
    const newest = rows[0];
    if (!newest) throw new Error('no active token signing key');
    const privateKey =
      loaded?.signingKid === newest.kid
        ? loaded.privateKey
        : createPrivateKey({ key: openPrivateKey(encryptionKey, newest.kid, newest.encryptedPrivateKey), format: 'der', type: 'pkcs8' });
    const jwks: JSONWebKeySet = { keys: rows.map((row) => row.publicJwk as JWK) };
    loaded = { signingKid: newest.kid, privateKey, jwks, getKey: createLocalJWKSet(jwks) };
    return loaded;
  }

  const getKey: JWTVerifyGetKey = async (header, token) => {
    const current = loaded ?? (await load());
    try {
      return await current.getKey(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || performance.now() - lastUnknownKidReload < UNKNOWN_KID_COOLDOWN_MS) throw error;
      lastUnknownKidReload = performance.now();
      return (await load()).getKey(header, token);
    }
  };

  return {
    refresh: async () => {
      await db.transaction(async (tx) => {
        await lockSigningKeys(tx);
        const keys = await activeSigningKeys(tx);
        const now = clock();
        const newest = keys[0];
        const newestAge = newest ? now.getTime() - newest.createdAt.getTime() : Infinity;
        if (newestAge >= retireGraceMs) await retireSigningKeys(tx, keys.slice(1).map((key) => key.kid), now);
        if (newestAge >= KEY_ROTATION_MS) await insertSigningKey(tx, await newSigningKey(encryptionKey, now));
      });
      await load();
    },
    signAccessToken: async ({ userId, tenantId, permissions }, issuedAt) => {
      const { signingKid, privateKey } = loaded ?? (await load());
      const iat = Math.floor(issuedAt.getTime() / 1000);
      return new SignJWT({ tid: tenantId, perms: permissions })
        .setProtectedHeader({ alg: 'EdDSA', kid: signingKid, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setJti(randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(iat + accessTokenTtlSeconds)
        .sign(privateKey);
    },
    jwks: () => {
      if (!loaded) throw new Error('signing keys are not loaded yet');
      return loaded.jwks;
    },
    verify: tokenVerifier(getKey),
  };
}
