import { withTenantTx, type FinancialContext } from '../../context.ts';
import { listAccountsWithBalance } from '../../repositories/accounts.ts';
import { toAccountView, type AccountView } from './view.ts';

/** Accounts by name, each with its derived balance; archived ones only when asked. */
export async function listAccounts({ ctx, input }: { ctx: FinancialContext; input: { includeArchived?: boolean | undefined } }): Promise<AccountView[]> {
  const rows = await withTenantTx(ctx, (tx) => listAccountsWithBalance(tx, { includeArchived: input.includeArchived ?? false }));
  return rows.map(toAccountView);
}
