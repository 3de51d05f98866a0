import { withTenant, type Database, type Transaction } from '@ai-service/db';

/** The time every rule reads; tests inject their own. */
export type Clock = () => Date;

/**
 * What every domain function gets. `actorId` is the signed-in user, or null when the system acts
 * (a scheduled sync, a job). `tx`, when set, is an open transaction of this tenant that the
 * function joins instead of opening its own, so callers can compose several domain functions
 * into one atomic change (e.g. a rule run applying actions to many transactions).
 */
export type FinancialContext = {
  db: Database;
  tenantId: string;
  actorId: string | null;
  traceId: string | undefined;
  clock: Clock;
  tx?: Transaction;
};

/** Runs `work` in the context's transaction when it has one, else in a new transaction scoped to its tenant (RLS). */
export async function withTenantTx<T>(ctx: FinancialContext, work: (tx: Transaction) => Promise<T>): Promise<T> {
  if (ctx.tx) return work(ctx.tx);
  return withTenant(ctx.db, ctx.tenantId, work);
}

/** The same context bound to an open transaction: domain functions called with it join that transaction. */
export const inTransaction = (ctx: FinancialContext, tx: Transaction): FinancialContext => ({ ...ctx, tx });
