import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import type { AccountType } from '../../db/schema/ledger.ts';
import { parseIban } from '../../iban.ts';
import { parseAmount, parseCurrency } from '../../money.ts';
import { findAccountWithBalance, insertAccount } from '../../repositories/accounts.ts';
import { toAccountView, type AccountView } from './view.ts';

export type CreateAccountInput = {
  name: string;
  type: AccountType;
  currency: string;
  openingBalance?: string | undefined;
  openingDate?: string | null | undefined;
  iban?: string | null | undefined;
  accountNumber?: string | null | undefined;
  institution?: string | null | undefined;
};

export async function createAccount({ ctx, input }: { ctx: FinancialContext; input: CreateAccountInput }): Promise<AccountView> {
  const currency = parseCurrency('currency', input.currency);
  const row = {
    id: randomUUID(),
    tenantId: ctx.tenantId,
    name: input.name.trim(),
    type: input.type,
    currency,
    openingBalance: parseAmount('openingBalance', input.openingBalance ?? '0', currency),
    openingDate: input.openingDate ?? null,
    iban: parseIban('iban', input.iban) ?? null,
    accountNumber: input.accountNumber ?? null,
    institution: input.institution ?? null,
  };
  return withTenantTx(ctx, async (tx) => {
    await insertAccount(tx, row);
    await audit(tx, ctx, { type: 'AccountCreated', aggregateType: 'account', aggregateId: row.id, payload: { account: row } });
    return toAccountView((await findAccountWithBalance(tx, row.id))!);
  });
}
