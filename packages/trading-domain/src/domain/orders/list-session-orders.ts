import { listOrders } from '../../repositories/orders.ts';
import { inTenantTx, type OrderRequestContext } from './context.ts';
import { orderView, type OrderView } from './views.ts';

/** A session's orders, newest first; `open` keeps only those whose saga has not finished. */
export async function listSessionOrders({ ctx, input }: { ctx: OrderRequestContext; input: { tenantId: string; sessionId: string; open?: boolean } }): Promise<OrderView[]> {
  const rows = await inTenantTx(ctx, input.tenantId, (tx) => listOrders(tx, input.sessionId, { open: input.open ?? false }));
  return rows.map(orderView);
}
