import { audit, changes } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import type { AccountType } from '../../db/schema/ledger.ts';
import { notFound } from '../../errors.ts';
import { parseIban } from '../../iban.ts';
import { parseAmount } from '../../money.ts';
import { findAccount, findAccountWithBalance, updateAccountRow } from '../../repositories/accounts.ts';
import { toAccountView, type AccountView } from './view.ts';

export type UpdateAccountInput = {
  accountId: string;
  name?: string | undefined;
  type?: AccountType | undefined;
  openingBalance?: string | undefined;
  openingDate?: string | null | undefined;
  iban?: string | null | undefined;
  accountNumber?: string | null | undefined;
  institution?: string | null | undefined;
};

/** Changes the given fields. The currency is fixed at creation: every amount on the account is in it. */
export async function updateAccount({ ctx, input }: { ctx: FinancialContext; input: UpdateAccountInput }): Promise<AccountView> {
  return withTenantTx(ctx, async (tx) => {
    const before = await findAccount(tx, input.accountId, { forUpdate: true });
    if (!before) throw notFound('account', input.accountId);
    const update = {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.type !== undefined ? { type: input.type } : {}),
      ...(input.openingBalance !== undefined ? { openingBalance: parseAmount('openingBalance', input.openingBalance, before.currency) } : {}),
      ...(input.openingDate !== undefined ? { openingDate: input.openingDate } : {}),
      ...(input.iban !== undefined ? { iban: parseIban('iban', input.iban) ?? null } : {}),
      ...(input.accountNumber !== undefined ? { accountNumber: input.accountNumber } : {}),
      ...(input.institution !== undefined ? { institution: input.institution } : {}),
    };
    const after = await updateAccountRow(tx, input.accountId, update);
    const diff = changes({ ...before, updatedAt: null }, { ...after, updatedAt: null });
    await audit(tx, ctx, { type: 'AccountUpdated', aggregateType: 'account', aggregateId: input.accountId, payload: { changes: diff } });
    return toAccountView((await findAccountWithBalance(tx, input.accountId))!);
  });
}
