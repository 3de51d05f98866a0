import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findCounterparty } from '../../repositories/counterparties.ts';
import { toCounterpartyView, type CounterpartyView } from './view.ts';

export async function getCounterparty({ ctx, input }: { ctx: FinancialContext; input: { counterpartyId: string } }): Promise<CounterpartyView> {
  const row = await withTenantTx(ctx, (tx) => findCounterparty(tx, input.counterpartyId));
  if (!row) throw notFound('counterparty', input.counterpartyId);
  return toCounterpartyView(row);
}
