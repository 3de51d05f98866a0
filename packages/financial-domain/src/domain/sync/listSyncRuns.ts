import { withTenantTx } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findConnection, listSyncRunRows } from '../../repositories/sync.ts';
import type { SyncContext } from './context.ts';
import { toSyncRunView, type SyncRunView } from './views.ts';

/** The connection's latest sync runs, newest first. */
export async function listSyncRuns({ ctx, input }: { ctx: SyncContext; input: { connectionId: string; limit?: number | undefined } }): Promise<SyncRunView[]> {
  return withTenantTx(ctx, async (tx) => {
    if (!(await findConnection(tx, input.connectionId))) throw notFound('bank connection', input.connectionId);
    return (await listSyncRunRows(tx, input.connectionId, Math.min(Math.max(input.limit ?? 50, 1), 200))).map(toSyncRunView);
  });
}
