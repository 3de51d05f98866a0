import { withTenantTx, type FinancialContext } from '../../context.ts';
import { findClientOrFail } from './findClient.ts';
import { toClientView, type ClientView } from './view.ts';

export async function getClient({ ctx, input }: { ctx: FinancialContext; input: { clientId: string } }): Promise<ClientView> {
  return toClientView(await withTenantTx(ctx, (tx) => findClientOrFail(tx, input.clientId)));
}
