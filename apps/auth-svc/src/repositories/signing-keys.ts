import type { Database, Transaction } from '@ai-service/db';
import { desc, inArray, isNull, sql } from 'drizzle-orm';
import type { JWK } from 'jose';
import { signingKeys } from '../db/schema.ts';

export type SigningKeyRow = typeof signingKeys.$inferSelect;

/** Non-retired keys, newest first. */
export async function activeSigningKeys(db: Database | Transaction): Promise<SigningKeyRow[]> {
  return db.select().from(signingKeys).where(isNull(signingKeys.retiredAt)).orderBy(desc(signingKeys.createdAt));
}

export async function insertSigningKey(tx: Transaction, row: { kid: string; publicJwk: JWK; encryptedPrivateKey: string; createdAt: Date }): Promise<void> {
  await tx.insert(signingKeys).values(row);
}

export async function retireSigningKeys(tx: Transaction, kids: string[], at: Date): Promise<void> {
  if (kids.length > 0) await tx.update(signingKeys).set({ retiredAt: at }).where(inArray(signingKeys.kid, kids));
}

/** Serializes key creation and rotation across replicas (the lock ends with the transaction). */
export async function lockSigningKeys(tx: Transaction): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('ai-service:auth:signing-keys'))`);
}
