import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { FinancialError } from '../../errors.ts';

/**
 * Bank credentials at rest: AES-256-GCM under FINANCIAL_SECRETS_KEY (the approach of auth-svc's
 * key-crypto), with the tenant and the row as additional authenticated data so a sealed value
 * cannot be copied to another tenant's or another row's column unnoticed.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
const VERSION = 'v1';

export type SecretsKey = Buffer;

/** The key from its base64 configuration value; without one, bank sync is not configured. */
export function secretsKeyFrom(base64: string | undefined): SecretsKey | undefined {
  return base64 === undefined ? undefined : Buffer.from(base64, 'base64');
}

export function requireSecretsKey(key: SecretsKey | undefined): SecretsKey {
  if (!key) throw new FinancialError('not_configured', 'Bank sync needs FINANCIAL_SECRETS_KEY (32 random bytes, base64) to store bank credentials encrypted.');
  return key;
}

/** What a sealed value is bound to: its tenant, its table and row. */
export const secretBinding = (tenantId: string, table: string, rowId: string) => `${tenantId}/${table}/${rowId}`;

export function sealSecret(key: SecretsKey, binding: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(binding));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

export function openSecret(key: SecretsKey, binding: string, sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  const unreadable = () => new FinancialError('not_configured', 'Stored bank credentials cannot be decrypted: FINANCIAL_SECRETS_KEY is not the key they were stored with.');
  if (version !== VERSION || !iv || !tag || !ciphertext) throw unreadable();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(binding));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw unreadable();
  }
}

/** "••••a1b2": enough for the user to recognise which secret is configured, never enough to use it. */
export function maskSecret(secret: string): string {
  return `••••${secret.slice(-4)}`;
}
