import { isBankSyncError } from '@ai-service/bank-sync';
import { audit } from '../../audit.ts';
import { withTenantTx } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { deleteConnectionRow, findConnection } from '../../repositories/sync.ts';
import type { SyncContext } from './context.ts';
import { callProvider } from './provider-errors.ts';
import { goCardlessAccess } from './providers.ts';

/**
 * Removes the connection, its provider accounts and sync history (synced transactions stay), stops
 * its schedule and, for GoCardless, deletes the requisition so the bank consent ends too.
 */
export async function deleteBankConnection({ ctx, input }: { ctx: SyncContext; input: { connectionId: string } }): Promise<void> {
  const { connection, client } = await withTenantTx(ctx, async (tx) => {
    const row = await findConnection(tx, input.connectionId);
    if (!row) throw notFound('bank connection', input.connectionId);
    return { connection: row, client: row.provider === 'gocardless' && row.requisitionId ? (await goCardlessAccess(ctx, tx)).client : undefined };
  });
  if (client && connection.requisitionId) {
    const requisitionId = connection.requisitionId;
    await callProvider(async () => {
      try {
        await client.deleteRequisition(requisitionId);
      } catch (error) {
        // Already gone at GoCardless (deleted there, or expired and purged): nothing left to end.
        if (!isBankSyncError(error, 'not_found')) throw error;
      }
    });
  }
  await withTenantTx(ctx, async (tx) => {
    await deleteConnectionRow(tx, connection.id);
    await audit(tx, ctx, { type: 'BankConnectionDeleted', aggregateType: 'bank_connection', aggregateId: connection.id, payload: { provider: connection.provider } });
  });
  await ctx.bankSync.queue?.unscheduleConnection(connection.id);
}
