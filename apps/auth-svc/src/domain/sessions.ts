import type { Transaction } from '@ai-service/db';
import { randomUUID } from 'node:crypto';
import type { ServiceContext } from '../context.ts';
import { insertRefreshToken } from '../repositories/refresh-tokens.ts';
import { permissionsOfUser } from '../repositories/roles.ts';
import { newOpaqueToken } from './opaque-tokens.ts';
import type { Session, TokenPair } from './types.ts';
import { loadTenant, loadUserView } from './views.ts';

const DAY_MS = 24 * 3600_000;

/** Where a new refresh token sits: a new family (sign-in) or the child of a rotated token. */
export type Lineage = { familyId: string; parentId: string } | undefined;

/** A refresh token (stored as its hash) and an access token carrying the user's current permissions. */
export async function issueTokens(tx: Transaction, ctx: ServiceContext, tenantId: string, userId: string, lineage: Lineage): Promise<TokenPair> {
  const now = ctx.clock();
  const id = randomUUID();
  const refresh = newOpaqueToken(tenantId);
  await insertRefreshToken(tx, {
    id,
    tenantId,
    userId,
    familyId: lineage?.familyId ?? id,
    parentId: lineage?.parentId ?? null,
    tokenHash: refresh.hash,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ctx.config.AUTH_REFRESH_TOKEN_TTL_DAYS * DAY_MS),
  });
  const permissions = await permissionsOfUser(tx, userId);
  const accessToken = await ctx.keys.signAccessToken({ userId, tenantId, permissions }, now);
  return { accessToken, refreshToken: refresh.token, expiresIn: ctx.config.AUTH_ACCESS_TOKEN_TTL_SECONDS };
}

/** Tenant, user and a new token family: the answer to register, login and accepting an invitation. */
export async function openSession(tx: Transaction, ctx: ServiceContext, tenantId: string, userId: string): Promise<Session> {
  const tokens = await issueTokens(tx, ctx, tenantId, userId, undefined);
  return { tenant: await loadTenant(tx, tenantId), user: await loadUserView(tx, userId), tokens };
}
