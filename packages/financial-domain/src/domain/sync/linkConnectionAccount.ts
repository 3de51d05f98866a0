import { audit } from '../../audit.ts';
import { inTransaction, withTenantTx } from '../../context.ts';
import type { AccountType } from '../../db/schema/ledger.ts';
import { conflictOnDuplicate } from '../../db-errors.ts';
import { invalidInput, notFound } from '../../errors.ts';
import { findAccount } from '../../repositories/accounts.ts';
import { findConnection, findConnectionAccount, updateConnectionAccountRow } from '../../repositories/sync.ts';
import { createAccount } from '../accounts/createAccount.ts';
import type { SyncContext } from './context.ts';
import { toConnectionAccountView, type ConnectionAccountView } from './views.ts';

export type LinkConnectionAccountInput = {
  connectionId: string;
  connectionAccountId: string;
  /** The local account to feed; null unlinks (synced transactions stay). */
  accountId?: string | null | undefined;
  /** Instead of accountId: open a local account named after the provider's, of this type. */
  createAccount?: { name?: string | undefined; type: AccountType } | undefined;
};

/** Points a provider account at the local account its transactions go to, opening one if asked. */
export async function linkConnectionAccount({ ctx, input }: { ctx: SyncContext; input: LinkConnectionAccountInput }): Promise<ConnectionAccountView> {
  if (input.accountId !== undefined && input.createAccount) throw invalidInput('createAccount', 'Give either accountId or createAccount, not both.');
  if (input.accountId === undefined && !input.createAccount) throw invalidInput('accountId', 'Give the account to link (or null to unlink), or createAccount.');
  return withTenantTx(ctx, async (tx) => {
    const connection = await findConnection(tx, input.connectionId);
    if (!connection) throw notFound('bank connection', input.connectionId);
    const providerAccount = await findConnectionAccount(tx, connection.id, input.connectionAccountId);
    if (!providerAccount) throw notFound('account of this connection', input.connectionAccountId);

    let accountId: string | null = input.accountId ?? null;
    if (input.createAccount) {
      if (!providerAccount.currency) throw invalidInput('createAccount', 'The provider does not say this account’s currency: create the account yourself and link it.');
      const created = await createAccount({
        ctx: inTransaction(ctx, tx),
        input: {
          name: input.createAccount.name?.trim() || providerAccount.name || `${connection.institutionName ?? connection.provider} ${providerAccount.providerAccountId.slice(-4)}`,
          type: input.createAccount.type,
          currency: providerAccount.currency,
          iban: providerAccount.iban,
          institution: connection.institutionName ?? connection.institutionId,
        },
      });
      accountId = created.id;
    } else if (accountId !== null) {
      const account = await findAccount(tx, accountId);
      if (!account) throw notFound('account', accountId);
      if (providerAccount.currency && account.currency !== providerAccount.currency) {
        throw invalidInput('accountId', `The bank account is in ${providerAccount.currency}; account ${account.name} is in ${account.currency}.`);
      }
    }
    if (accountId !== null && accountId === providerAccount.accountId) return toConnectionAccountView(providerAccount);
    const linkedId = accountId;
    const row = await conflictOnDuplicate(
      () => updateConnectionAccountRow(tx, providerAccount.id, { accountId: linkedId, ...(linkedId === providerAccount.accountId ? {} : { lastSyncedOn: null }) }),
      'That account is already fed by another bank account: unlink it first.',
      'accountId',
    );
    await audit(tx, ctx, {
      type: linkedId ? 'BankAccountLinked' : 'BankAccountUnlinked',
      aggregateType: 'bank_connection',
      aggregateId: connection.id,
      payload: { connectionAccountId: row.id, providerAccountId: row.providerAccountId, accountId: linkedId, previousAccountId: providerAccount.accountId },
    });
    return toConnectionAccountView(row);
  });
}
