import { withTenant, type Transaction } from '@ai-service/db';
import type { ServiceContext } from '../context.ts';
import { AuthError } from '../errors.ts';
import { findRefreshTokenForUpdate, markRefreshTokenUsed, revokeFamily } from '../repositories/refresh-tokens.ts';
import { findUser } from '../repositories/users.ts';
import { audit } from './audit.ts';
import { hashToken, tenantOfToken } from './opaque-tokens.ts';
import { issueTokens } from './sessions.ts';
import type { TokenPair } from './types.ts';

type Outcome = { kind: 'ok'; tokens: TokenPair } | { kind: 'invalid' } | { kind: 'reused' };

/**
 * Rotation: a refresh token works once and yields a new pair in the same family. Presenting a
 * used one again means it leaked: the whole family is revoked, committed and audited, then the
 * request is refused.
 */
export async function refreshTokens({ ctx, input }: { ctx: ServiceContext; input: { refreshToken: string } }): Promise<TokenPair> {
  const tenantId = tenantOfToken(input.refreshToken);
  const outcome: Outcome = tenantId ? await withTenant(ctx.db, tenantId, (tx) => rotate(tx, ctx, tenantId, input.refreshToken)) : { kind: 'invalid' };
  if (outcome.kind === 'ok') return outcome.tokens;
  throw new AuthError('INVALID_TOKEN', outcome.kind === 'reused' ? 'This refresh token was already used; its session is revoked.' : 'The refresh token is invalid or expired.');
}

async function rotate(tx: Transaction, ctx: ServiceContext, tenantId: string, token: string): Promise<Outcome> {
  const row = await findRefreshTokenForUpdate(tx, hashToken(token));
  if (!row) return { kind: 'invalid' };
  const now = ctx.clock();
  if (row.usedAt) {
    const revoked = await revokeFamily(tx, row.familyId, now);
    await audit(tx, ctx, {
      type: 'RefreshTokenReused',
      tenantId,
      actorId: row.userId,
      aggregate: { type: 'refresh_token_family', id: row.familyId },
      payload: { tokenId: row.id, revokedTokens: revoked },
    });
    return { kind: 'reused' };
  }
  // Revoked tokens belong to a family already revoked whole (logout, reuse, disabled user).
  if (row.revokedAt || row.expiresAt <= now) return { kind: 'invalid' };
  const user = await findUser(tx, row.userId);
  if (user?.status !== 'active') return { kind: 'invalid' };
  await markRefreshTokenUsed(tx, row.id, now);
  return { kind: 'ok', tokens: await issueTokens(tx, ctx, tenantId, row.userId, { familyId: row.familyId, parentId: row.id }) };
}
