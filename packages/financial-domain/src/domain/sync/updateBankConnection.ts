import { audit } from '../../audit.ts';
import { withTenantTx } from '../../context.ts';
import { invalidInput, notFound } from '../../errors.ts';
import { findConnection, listConnectionAccounts, updateConnectionRow } from '../../repositories/sync.ts';
import type { SyncContext } from './context.ts';
import { scheduleIfLinked } from './schedule.ts';
import { toConnectionView, type ConnectionView } from './views.ts';

/** Minimum minutes between scheduled syncs: providers allow only a few account reads a day. */
export const MIN_SYNC_INTERVAL_MINUTES = 15;

/** Changes how often the connection syncs; its scheduler follows. */
export async function updateBankConnection({ ctx, input }: { ctx: SyncContext; input: { connectionId: string; syncIntervalMinutes: number } }): Promise<ConnectionView> {
  if (!Number.isInteger(input.syncIntervalMinutes) || input.syncIntervalMinutes < MIN_SYNC_INTERVAL_MINUTES) {
    throw invalidInput('syncIntervalMinutes', `A sync interval is a whole number of minutes, at least ${MIN_SYNC_INTERVAL_MINUTES}.`);
  }
  const view = await withTenantTx(ctx, async (tx) => {
    const before = await findConnection(tx, input.connectionId, { forUpdate: true });
    if (!before) throw notFound('bank connection', input.connectionId);
    const row = await updateConnectionRow(tx, before.id, { syncIntervalMinutes: input.syncIntervalMinutes });
    await audit(tx, ctx, {
      type: 'BankConnectionUpdated',
      aggregateType: 'bank_connection',
      aggregateId: row.id,
      payload: { syncIntervalMinutes: { from: before.syncIntervalMinutes, to: row.syncIntervalMinutes } },
    });
    return toConnectionView(row, await listConnectionAccounts(tx, [row.id]));
  });
  await scheduleIfLinked(ctx, view);
  return view;
}
