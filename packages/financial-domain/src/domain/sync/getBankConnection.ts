import { withTenantTx } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findConnection, listConnectionAccounts } from '../../repositories/sync.ts';
import type { SyncContext } from './context.ts';
import { toConnectionView, type ConnectionView } from './views.ts';

export async function getBankConnection({ ctx, input }: { ctx: SyncContext; input: { connectionId: string } }): Promise<ConnectionView> {
  return withTenantTx(ctx, async (tx) => {
    const row = await findConnection(tx, input.connectionId);
    if (!row) throw notFound('bank connection', input.connectionId);
    return toConnectionView(row, await listConnectionAccounts(tx, [row.id]));
  });
}
