import { maskSecret, openSealed, seal, sealingKeyFrom, type SealingKey } from '@ai-service/sealed-secrets';
import { FinancialError } from '../../errors.ts';

/**
 * Bank credentials at rest, sealed under FINANCIAL_SECRETS_KEY (packages/sealed-secrets), bound to
 * their tenant, table and row, so a sealed value copied to another tenant's or row's column does not open.
 */
export type SecretsKey = SealingKey;

/** The key from its base64 configuration value; without one, bank sync is not configured. */
export const secretsKeyFrom = sealingKeyFrom;

export { maskSecret };

export function requireSecretsKey(key: SecretsKey | undefined): SecretsKey {
  if (!key) throw new FinancialError('not_configured', 'Bank sync needs FINANCIAL_SECRETS_KEY (32 random bytes, base64) to store bank credentials encrypted.');
  return key;
}

/** What a sealed value is bound to: its tenant, its table and row. */
export const secretBinding = (tenantId: string, table: string, rowId: string) => `${tenantId}/${table}/${rowId}`;

export const sealSecret = (key: SecretsKey, binding: string, plaintext: string): string => seal(key, binding, plaintext);

export function openSecret(key: SecretsKey, binding: string, sealed: string): string {
  const opened = openSealed(key, binding, sealed);
  if (!opened) throw new FinancialError('not_configured', 'Stored bank credentials cannot be decrypted: FINANCIAL_SECRETS_KEY is not the key they were stored with.');
  return opened.toString('utf8');
}
