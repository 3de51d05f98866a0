import { withTenantTx } from '../../context.ts';
import { listConnectionAccounts, listConnections } from '../../repositories/sync.ts';
import type { SyncContext } from './context.ts';
import { toConnectionView, type ConnectionView } from './views.ts';

/** The tenant's bank connections, newest first, each with its provider accounts. */
export async function listBankConnections({ ctx }: { ctx: SyncContext }): Promise<ConnectionView[]> {
  return withTenantTx(ctx, async (tx) => {
    const rows = await listConnections(tx);
    const accounts = await listConnectionAccounts(
      tx,
      rows.map((row) => row.id),
    );
    return rows.map((row) => toConnectionView(row, accounts));
  });
}
