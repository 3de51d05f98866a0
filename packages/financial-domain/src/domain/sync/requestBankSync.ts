import { withTenantTx } from '../../context.ts';
import { FinancialError, notFound } from '../../errors.ts';
import { findConnection } from '../../repositories/sync.ts';
import type { SyncContext } from './context.ts';

/** Queues a sync of the connection now (the worker's syncBank job); its outcome shows in the sync runs. */
export async function requestBankSync({ ctx, input }: { ctx: SyncContext; input: { connectionId: string } }): Promise<{ connectionId: string; queued: true }> {
  const queue = ctx.bankSync.queue;
  if (!queue) throw new FinancialError('not_configured', 'This process cannot queue bank syncs.');
  const connection = await withTenantTx(ctx, (tx) => findConnection(tx, input.connectionId));
  if (!connection) throw notFound('bank connection', input.connectionId);
  if (connection.status !== 'linked') {
    throw new FinancialError('conflict', `The connection is ${connection.status}: it syncs once linked (refresh it after consenting at the bank, or connect again).`);
  }
  await queue.enqueueSync({ tenantId: ctx.tenantId, connectionId: connection.id, trigger: 'manual' });
  return { connectionId: connection.id, queued: true };
}
