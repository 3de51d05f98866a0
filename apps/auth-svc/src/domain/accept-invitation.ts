import { withTenant } from '@ai-service/db';
import type { ServiceContext } from '../context.ts';
import { AuthError } from '../errors.ts';
import { findInvitationForUpdate, markInvitationAccepted } from '../repositories/invitations.ts';
import { findUser, updateUser } from '../repositories/users.ts';
import { audit } from './audit.ts';
import { hashToken, tenantOfToken } from './opaque-tokens.ts';
import { hashPassword } from './passwords.ts';
import { openSession } from './sessions.ts';
import type { Session } from './types.ts';

export type AcceptInvitationInput = { invitationToken: string; password: string; displayName?: string | undefined };

const invalid = () => new AuthError('INVALID_TOKEN', 'The invitation is invalid, expired or already used.');

/** The invited user sets a password; the invitation is spent and the user signed in. */
export async function acceptInvitation({ ctx, input }: { ctx: ServiceContext; input: AcceptInvitationInput }): Promise<Session> {
  const tenantId = tenantOfToken(input.invitationToken);
  if (!tenantId) throw invalid();
  return withTenant(ctx.db, tenantId, async (tx) => {
    const invitation = await findInvitationForUpdate(tx, hashToken(input.invitationToken));
    const now = ctx.clock();
    if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) throw invalid();
    const user = await findUser(tx, invitation.userId, { forUpdate: true });
    if (user?.status !== 'invited') throw invalid();
    await updateUser(tx, user.id, { status: 'active', passwordHash: await hashPassword(input.password), displayName: input.displayName ?? user.displayName });
    await markInvitationAccepted(tx, invitation.id, now);
    await audit(tx, ctx, { type: 'InvitationAccepted', tenantId, actorId: user.id, aggregate: { type: 'user', id: user.id }, payload: { invitationId: invitation.id } });
    return openSession(tx, ctx, tenantId, user.id);
  });
}
