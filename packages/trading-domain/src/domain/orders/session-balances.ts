import { listBalances } from '../../repositories/orders.ts';
import { inTenantTx, type OrderRequestContext } from './context.ts';
import { balanceView, type BalanceView } from './views.ts';

/** A session's own balances per asset: free to spend, and reserved by orders in flight. */
export async function sessionBalances({ ctx, input }: { ctx: OrderRequestContext; input: { tenantId: string; sessionId: string } }): Promise<BalanceView[]> {
  const rows = await inTenantTx(ctx, input.tenantId, (tx) => listBalances(tx, input.sessionId));
  return rows.map(balanceView);
}
