import { withTenant } from '@ai-service/db';
import type { ServiceContext } from '../context.ts';
import { findRefreshTokenForUpdate, revokeFamily } from '../repositories/refresh-tokens.ts';
import { audit } from './audit.ts';
import { hashToken, tenantOfToken } from './opaque-tokens.ts';

/** Revokes the token's family. Unknown tokens are ignored: the caller is signed out either way. */
export async function logout({ ctx, input }: { ctx: ServiceContext; input: { refreshToken: string } }): Promise<void> {
  const tenantId = tenantOfToken(input.refreshToken);
  if (!tenantId) return;
  await withTenant(ctx.db, tenantId, async (tx) => {
    const row = await findRefreshTokenForUpdate(tx, hashToken(input.refreshToken));
    if (!row) return;
    const revoked = await revokeFamily(tx, row.familyId, ctx.clock());
    if (revoked > 0) {
      await audit(tx, ctx, { type: 'LoggedOut', tenantId, actorId: row.userId, aggregate: { type: 'refresh_token_family', id: row.familyId }, payload: { revokedTokens: revoked } });
    }
  });
}
