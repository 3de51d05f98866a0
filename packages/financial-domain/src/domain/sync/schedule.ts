import type { SyncContext } from './context.ts';
import type { ConnectionView } from './views.ts';

/** Keeps the connection's job scheduler in line with its state: linked ones sync every interval. */
export async function scheduleIfLinked(ctx: SyncContext, connection: Pick<ConnectionView, 'id' | 'status' | 'syncIntervalMinutes'>): Promise<void> {
  const queue = ctx.bankSync.queue;
  if (!queue) return;
  if (connection.status === 'linked') {
    await queue.scheduleConnection({ tenantId: ctx.tenantId, connectionId: connection.id, trigger: 'schedule' }, connection.syncIntervalMinutes);
  } else {
    await queue.unscheduleConnection(connection.id);
  }
}
