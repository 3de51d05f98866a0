import type { Transaction } from '@ai-service/db';
import { and, eq, isNull } from 'drizzle-orm';
import { invitations } from '../db/schema.ts';

export type InvitationRow = typeof invitations.$inferSelect;

export async function insertInvitation(tx: Transaction, row: typeof invitations.$inferInsert): Promise<void> {
  await tx.insert(invitations).values(row);
}

export async function findInvitationForUpdate(tx: Transaction, tokenHash: string): Promise<InvitationRow | undefined> {
  const [row] = await tx.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).for('update');
  return row;
}

export async function markInvitationAccepted(tx: Transaction, id: string, at: Date): Promise<void> {
  await tx.update(invitations).set({ acceptedAt: at }).where(eq(invitations.id, id));
}

/** Revokes the user's invitations not accepted yet (a new invitation replaces them). */
export async function revokeOpenInvitations(tx: Transaction, userId: string, at: Date): Promise<void> {
  await tx
    .update(invitations)
    .set({ revokedAt: at })
    .where(and(eq(invitations.userId, userId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
}
