import { withTenant, type Database } from '@ai-service/db';
import type { ExchangeCredentials } from '../../exchange/ccxt/ccxt-connector.ts';
import { findExchangeCredentials } from '../../repositories/exchange-credentials.ts';
import { credentialBinding, openSecret, requireSecretsKey, type SecretsKey } from './secrets.ts';

export type ReadExchangeCredentialsInput = { db: Database; secretsKey: SecretsKey | undefined; tenantId: string; exchange: string; sandbox: boolean };

/** The tenant's decrypted credentials of a venue, for the connector that trades on it; undefined when none are stored. */
export async function readExchangeCredentials({ db, secretsKey, tenantId, exchange, sandbox }: ReadExchangeCredentialsInput): Promise<ExchangeCredentials | undefined> {
  const row = await withTenant(db, tenantId, (tx) => findExchangeCredentials(tx, { exchange, sandbox }));
  if (!row) return undefined;
  const key = requireSecretsKey(secretsKey);
  const open = (field: string, sealed: string) => openSecret(key, credentialBinding(tenantId, exchange, sandbox, field), sealed);
  return { apiKey: open('apiKey', row.apiKey), secret: open('secret', row.secret), password: row.password === null ? null : open('password', row.password) };
}
