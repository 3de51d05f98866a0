import { withTenant } from '@ai-service/db';
import { listSessionOrders } from '../../index.ts';
import { findSession } from '../../repositories/sessions.ts';
import type { SessionJobData } from '../../session-jobs.ts';
import type { SessionWorkerContext } from './session-context.ts';
import { transitionSession } from './transition-session.ts';

export type StopOutcome = { stopped: boolean; canceled: number; cancelFailures: string[] };

/**
 * The `stop` job: removes the session's tick schedule, cancels its orders open at the venue (best
 * effort: the saga's timeout compensates an order a cancel missed) and moves it to Stopped. A
 * session already Stopped is left as it is, so a redelivered stop has no second effect.
 */
export async function runStop({ ctx, input }: { ctx: SessionWorkerContext; input: SessionJobData }): Promise<StopOutcome> {
  await ctx.scheduler.unscheduleTicks(input.sessionId);
  const read = await withTenant(ctx.db, input.tenantId, async (tx) => {
    const session = await findSession(tx, input.sessionId);
    if (!session || session.state === 'Stopped') return null;
    const open = await listSessionOrders({ ctx: { ...ctx, tx }, input: { tenantId: input.tenantId, sessionId: input.sessionId, open: true } });
    return { session, open };
  });
  if (!read) return { stopped: false, canceled: 0, cancelFailures: [] };
  const { session, open } = read;
  const cancelFailures: string[] = [];
  let canceled = 0;
  const placed = open.filter((order) => order.exchangeOrderId !== null);
  if (placed.length > 0) {
    const connector = await ctx.connectors({ tenantId: session.tenantId, sessionId: session.id, exchange: session.exchange, mode: session.mode, sandbox: session.sandbox });
    for (const order of placed) {
      try {
        await connector.cancelOrder(order.symbol, order.exchangeOrderId!);
        canceled++;
      } catch (error) {
        cancelFailures.push(`${order.orderId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  const reason = cancelFailures.length === 0 ? 'stopped on request' : `stopped on request; could not cancel ${cancelFailures.join('; ')}`;
  const stopped = await withTenant(ctx.db, input.tenantId, async (tx) => {
    const current = await findSession(tx, input.sessionId, { forUpdate: true });
    if (!current || current.state === 'Stopped') return false;
    await transitionSession(tx, ctx, current, 'Stopped', reason);
    return true;
  });
  return { stopped, canceled, cancelFailures };
}
