import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findAccount, findAccountWithBalance, updateAccountRow } from '../../repositories/accounts.ts';
import { toAccountView, type AccountView } from './view.ts';

/**
 * Archives (hides from default lists; transactions stay and still count) or brings back an
 * account. Idempotent: archiving an archived account keeps its first archive time.
 */
export async function setAccountArchived({ ctx, input }: { ctx: FinancialContext; input: { accountId: string; archived: boolean } }): Promise<AccountView> {
  return withTenantTx(ctx, async (tx) => {
    const account = await findAccount(tx, input.accountId, { forUpdate: true });
    if (!account) throw notFound('account', input.accountId);
    if ((account.archivedAt !== null) !== input.archived) {
      await updateAccountRow(tx, input.accountId, { archivedAt: input.archived ? ctx.clock() : null });
      await audit(tx, ctx, { type: input.archived ? 'AccountArchived' : 'AccountUnarchived', aggregateType: 'account', aggregateId: input.accountId });
    }
    return toAccountView((await findAccountWithBalance(tx, input.accountId))!);
  });
}
