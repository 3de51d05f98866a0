import { tenantIsolationPolicy } from '@ai-service/db';
import { boolean, jsonb, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tradingSchema } from './base.ts';

/**
 * Each exchange's markets as CCXT's fetchMarkets returned them, per live or sandbox venue: loaded
 * into new CCXT clients with `setMarkets` instead of asking the exchange again (Binance's
 * exchangeInfo weighs 20 of the 6000 requests a minute allows). Public market data shared by every
 * tenant, so no tenant_id and no row-level security; refreshed once older than the connector's TTL.
 */
export const exchangeMarkets = tradingSchema.table(
  'exchange_markets',
  {
    exchange: text('exchange').notNull(),
    sandbox: boolean('sandbox').notNull(),
    markets: jsonb('markets').$type<unknown[]>().notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [primaryKey({ name: 'exchange_markets_pk', columns: [table.exchange, table.sandbox] })],
);

/**
 * A tenant's API credentials of one exchange, live or sandbox (testnet). Key, secret and password
 * are sealed with TRADING_SECRETS_KEY (domain/exchange-credentials/secrets.ts) and bound to their
 * tenant, exchange and venue; `apiKeyHint` (the key's last four characters) lets the user recognise
 * which key is configured.
 */
export const exchangeCredentials = tradingSchema
  .table(
    'exchange_credentials',
    {
      tenantId: uuid('tenant_id').notNull(),
      exchange: text('exchange').notNull(),
      sandbox: boolean('sandbox').notNull(),
      apiKey: text('api_key').notNull(),
      secret: text('secret').notNull(),
      password: text('password'),
      apiKeyHint: text('api_key_hint').notNull(),
      updatedBy: text('updated_by'),
      updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    },
    (table) => [primaryKey({ name: 'exchange_credentials_pk', columns: [table.tenantId, table.exchange, table.sandbox] }), tenantIsolationPolicy()],
  )
  .enableRLS();
