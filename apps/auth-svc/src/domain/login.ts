import { withTenant, type Transaction } from '@ai-service/db';
import type { ServiceContext } from '../context.ts';
import { AuthError } from '../errors.ts';
import { findLogin } from '../repositories/login-lookup.ts';
import { findUser, updateUser } from '../repositories/users.ts';
import { audit, type AuditEventType } from './audit.ts';
import { normalizeEmail } from './email.ts';
import { verifyAgainstNothing, verifyPassword } from './passwords.ts';
import { openSession } from './sessions.ts';
import type { Session } from './types.ts';

export type LoginInput = { email: string; password: string };

type Outcome = { kind: 'ok'; session: Session } | { kind: 'failed' } | { kind: 'locked'; until: Date } | { kind: 'disabled' };

const invalidCredentials = () => new AuthError('INVALID_CREDENTIALS', 'Wrong email or password.');

/**
 * Email and password → session. Unknown email and wrong password answer alike (and take as long);
 * AUTH_LOCKOUT_MAX_ATTEMPTS failures in a row lock the account for AUTH_LOCKOUT_MINUTES. Failed
 * attempts are committed (counter, audit) before the error is raised.
 */
export async function login({ ctx, input }: { ctx: ServiceContext; input: LoginInput }): Promise<Session> {
  const found = await findLogin(ctx.db, normalizeEmail(input.email));
  if (!found) {
    await verifyAgainstNothing(input.password);
    throw invalidCredentials();
  }
  const outcome = await withTenant(ctx.db, found.tenantId, (tx) => attempt(tx, ctx, found, input.password));
  switch (outcome.kind) {
    case 'ok':
      return outcome.session;
    case 'failed':
      throw invalidCredentials();
    case 'disabled':
      throw new AuthError('ACCOUNT_DISABLED', 'This account is disabled.');
    case 'locked': {
      const seconds = Math.max(1, Math.ceil((outcome.until.getTime() - ctx.clock().getTime()) / 1000));
      throw new AuthError('LOCKED', `Too many failed sign-ins: the account is locked until ${outcome.until.toISOString()}.`, seconds);
    }
  }
}

async function attempt(tx: Transaction, ctx: ServiceContext, { tenantId, userId }: { tenantId: string; userId: string }, password: string): Promise<Outcome> {
  // The row lock makes concurrent attempts on one account count one after the other.
  const user = await findUser(tx, userId, { forUpdate: true });
  if (!user) return { kind: 'failed' };
  const now = ctx.clock();
  const record = (type: AuditEventType, payload: Record<string, unknown>) =>
    audit(tx, ctx, { type, tenantId, actorId: userId, aggregate: { type: 'user', id: userId }, payload });

  if (user.lockedUntil && user.lockedUntil > now) {
    await record('LoginFailed', { reason: 'locked' });
    return { kind: 'locked', until: user.lockedUntil };
  }
  const passwordOk = user.passwordHash ? await verifyPassword(user.passwordHash, password) : await verifyAgainstNothing(password);
  if (!passwordOk) {
    const attempts = user.failedLoginAttempts + 1;
    await record('LoginFailed', { reason: 'bad_password', attempts });
    if (attempts < ctx.config.AUTH_LOCKOUT_MAX_ATTEMPTS) {
      await updateUser(tx, userId, { failedLoginAttempts: attempts });
      return { kind: 'failed' };
    }
    const until = new Date(now.getTime() + ctx.config.AUTH_LOCKOUT_MINUTES * 60_000);
    await updateUser(tx, userId, { failedLoginAttempts: 0, lockedUntil: until });
    await record('AccountLocked', { attempts, until: until.toISOString() });
    return { kind: 'locked', until };
  }
  if (user.status !== 'active') {
    await record('LoginFailed', { reason: user.status });
    return { kind: 'disabled' };
  }
  await updateUser(tx, userId, { failedLoginAttempts: 0, lockedUntil: null });
  await record('LoginSucceeded', {});
  return { kind: 'ok', session: await openSession(tx, ctx, tenantId, userId) };
}
