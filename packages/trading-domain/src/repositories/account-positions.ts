import type { Transaction } from '@ai-service/db';
import { asc } from 'drizzle-orm';
import { positions, sessions } from '../db/schema/index.ts';
import type { PositionRow } from './orders.ts';

/** What places a session in an exchange account, and the prices its positions are marked at. */
export type AccountSessionRow = Pick<typeof sessions.$inferSelect, 'id' | 'exchange' | 'mode' | 'sandbox' | 'lastPrices'>;

/** Every session of the tenant (row-level security scopes the read), whatever its state. */
export async function listAccountSessions(tx: Transaction): Promise<AccountSessionRow[]> {
  return tx
    .select({ id: sessions.id, exchange: sessions.exchange, mode: sessions.mode, sandbox: sessions.sandbox, lastPrices: sessions.lastPrices })
    .from(sessions)
    .orderBy(asc(sessions.exchange), asc(sessions.id));
}

/** Every position of the tenant's sessions. */
export async function listTenantPositions(tx: Transaction): Promise<PositionRow[]> {
  return tx.select().from(positions).orderBy(asc(positions.symbol));
}
