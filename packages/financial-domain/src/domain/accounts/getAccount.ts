import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findAccountWithBalance } from '../../repositories/accounts.ts';
import { toAccountView, type AccountView } from './view.ts';

export async function getAccount({ ctx, input }: { ctx: FinancialContext; input: { accountId: string } }): Promise<AccountView> {
  const row = await withTenantTx(ctx, (tx) => findAccountWithBalance(tx, input.accountId));
  if (!row) throw notFound('account', input.accountId);
  return toAccountView(row);
}
