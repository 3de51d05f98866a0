import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Private signing keys at rest: AES-256-GCM under AUTH_KEY_ENCRYPTION_KEY, with the key id as
 * additional authenticated data so a sealed key cannot be moved to another row unnoticed.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
const VERSION = 'v1';

export function sealPrivateKey(encryptionKey: Buffer, kid: string, pkcs8: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv).setAAD(Buffer.from(kid));
  const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

export function openPrivateKey(encryptionKey: Buffer, kid: string, sealed: string): Buffer {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || !ciphertext) throw new Error(`signing key ${kid}: unknown storage format`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(kid));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
  } catch {
    throw new Error(`signing key ${kid} cannot be decrypted: AUTH_KEY_ENCRYPTION_KEY is not the key it was stored with`);
  }
}
