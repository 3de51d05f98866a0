import type { Action } from '@ai-service/rules';
import type { Transaction } from '@ai-service/db';
import { invalidInput } from '../../errors.ts';
import { existingCategoryIds, openAccountIds } from '../../repositories/ruleReferences.ts';

/** The category a setCategory action names, the account a markAsTransfer names. */
export const categoryOf = (action: Action): string | undefined => (action.type === 'setCategory' ? (action.value as string) : undefined);
export const transferAccountOf = (action: Action): string | undefined =>
  action.type === 'markAsTransfer' ? (action.value as { accountId: string }).accountId : undefined;

/** Actions may only name the tenant's own categories and open accounts; the first that does not is named by path. */
export async function assertActionReferences(tx: Transaction, actions: readonly Action[], field = 'actions'): Promise<void> {
  const categories = await existingCategoryIds(tx, actions.flatMap((action) => categoryOf(action) ?? []));
  const accounts = await openAccountIds(tx, actions.flatMap((action) => transferAccountOf(action) ?? []));
  for (const [index, action] of actions.entries()) {
    const category = categoryOf(action);
    if (category !== undefined && !categories.has(category)) throw invalidInput(`${field}.${index}.value`, `No category ${category} in this tenant.`);
    const account = transferAccountOf(action);
    if (account !== undefined && !accounts.has(account)) throw invalidInput(`${field}.${index}.value.accountId`, `No open account ${account} in this tenant.`);
  }
}
