import { openSealed, seal, sealingKeyFrom, type SealingKey } from '@ai-service/sealed-secrets';
import { TradingDomainError } from '../../errors.ts';

/**
 * Exchange credentials at rest, sealed under TRADING_SECRETS_KEY (packages/sealed-secrets; its own
 * key, so one leaked key exposes one domain), bound to the tenant, exchange, venue and field: a
 * sealed value copied to another tenant's or venue's row does not open.
 */
export type SecretsKey = SealingKey;

/** The key from its base64 configuration value; without one, credentials cannot be stored or read. */
export const secretsKeyFrom = sealingKeyFrom;

export function requireSecretsKey(key: SecretsKey | undefined): SecretsKey {
  if (!key) throw new TradingDomainError('not_configured', 'Exchange credentials need TRADING_SECRETS_KEY (32 random bytes, base64) to be stored encrypted.');
  return key;
}

/** What a sealed credential is bound to: its tenant, exchange, venue and field. */
export const credentialBinding = (tenantId: string, exchange: string, sandbox: boolean, field: string) => `${tenantId}/exchange_credentials/${exchange}/${sandbox ? 'sandbox' : 'live'}/${field}`;

export const sealSecret = (key: SecretsKey, binding: string, plaintext: string): string => seal(key, binding, plaintext);

export function openSecret(key: SecretsKey, binding: string, sealed: string): string {
  const opened = openSealed(key, binding, sealed);
  if (!opened) throw new TradingDomainError('not_configured', 'Stored exchange credentials cannot be decrypted: TRADING_SECRETS_KEY is not the key they were stored with.');
  return opened.toString('utf8');
}
