import type { Transaction } from '@ai-service/db';
import { and, asc, eq } from 'drizzle-orm';
import { exchangeCredentials } from '../db/schema/index.ts';

export type ExchangeCredentialsRow = typeof exchangeCredentials.$inferSelect;
export type VenueKey = { exchange: string; sandbox: boolean };

const ofVenue = (venue: VenueKey) => and(eq(exchangeCredentials.exchange, venue.exchange), eq(exchangeCredentials.sandbox, venue.sandbox));

/** Inserts or replaces the tenant's credentials of one venue (the transaction's tenant sees only its rows). */
export async function upsertExchangeCredentials(tx: Transaction, row: typeof exchangeCredentials.$inferInsert): Promise<ExchangeCredentialsRow> {
  const change = { apiKey: row.apiKey, secret: row.secret, password: row.password ?? null, apiKeyHint: row.apiKeyHint, updatedBy: row.updatedBy ?? null, updatedAt: row.updatedAt };
  const [stored] = await tx
    .insert(exchangeCredentials)
    .values(row)
    .onConflictDoUpdate({ target: [exchangeCredentials.tenantId, exchangeCredentials.exchange, exchangeCredentials.sandbox], set: change })
    .returning();
  return stored!;
}

export async function findExchangeCredentials(tx: Transaction, venue: VenueKey): Promise<ExchangeCredentialsRow | undefined> {
  const [row] = await tx.select().from(exchangeCredentials).where(ofVenue(venue));
  return row;
}

export async function listExchangeCredentialRows(tx: Transaction): Promise<ExchangeCredentialsRow[]> {
  return tx.select().from(exchangeCredentials).orderBy(asc(exchangeCredentials.exchange), asc(exchangeCredentials.sandbox));
}

export async function deleteExchangeCredentialRow(tx: Transaction, venue: VenueKey): Promise<boolean> {
  const deleted = await tx.delete(exchangeCredentials).where(ofVenue(venue)).returning({ exchange: exchangeCredentials.exchange });
  return deleted.length > 0;
}
