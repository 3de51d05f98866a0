import { listPositions } from '../../repositories/orders.ts';
import { inTenantTx, type OrderRequestContext } from './context.ts';
import { positionView, type PositionView } from './views.ts';

/** A session's positions, one per symbol it has traded (see positionPnl for their PnL at a price). */
export async function sessionPositions({ ctx, input }: { ctx: OrderRequestContext; input: { tenantId: string; sessionId: string } }): Promise<PositionView[]> {
  const rows = await inTenantTx(ctx, input.tenantId, (tx) => listPositions(tx, input.sessionId));
  return rows.map(positionView);
}
