import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (signing keys, bank and exchange credentials): AES-256-GCM under a 32-byte key
 * from the service's configuration, with a binding (tenant, table, row, …) as additional
 * authenticated data, so a sealed value copied to another row does not open.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
const VERSION = 'v1';

export type SealingKey = Buffer;

/** The key from its base64 configuration value (undefined when not configured). */
export function sealingKeyFrom(base64: string | undefined): SealingKey | undefined {
  return base64 === undefined ? undefined : Buffer.from(base64, 'base64');
}

export function seal(key: SealingKey, binding: string, plaintext: string | Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(binding));
  const ciphertext = Buffer.concat([typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** The plaintext, or undefined when the value does not open: another key, another binding, tampered or not sealed here. */
export function openSealed(key: SealingKey, binding: string, sealed: string): Buffer | undefined {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || !ciphertext) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(binding));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** "••••a1b2": enough for the user to recognise which secret is configured, never enough to use it. */
export function maskSecret(secret: string): string {
  return `••••${secret.slice(-4)}`;
}
