import type { ExchangeCredentialsRow } from '../../repositories/exchange-credentials.ts';
import type { ExchangeCredentialsView } from './types.ts';

export const credentialsView = (row: ExchangeCredentialsRow): ExchangeCredentialsView => ({
  exchange: row.exchange,
  sandbox: row.sandbox,
  apiKeyHint: row.apiKeyHint,
  hasPassword: row.password !== null,
  updatedAt: row.updatedAt,
});
