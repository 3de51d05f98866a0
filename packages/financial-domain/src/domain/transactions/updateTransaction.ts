import { compareDecimals } from '@ai-service/money';
import { audit, changes } from '../../audit.ts';
import { inTransaction, withTenantTx, type FinancialContext } from '../../context.ts';
import { FinancialError, invalidInput, notFound } from '../../errors.ts';
import { parseAmount } from '../../money.ts';
import { findLiveTransaction, loadTransactionDetails, replaceSplits, replaceTags, updateTransactionRows, type NewTransactionRow } from '../../repositories/transactions.ts';
import { followTransactionAmount } from '../payments/followTransactionAmount.ts';
import { applyRulesToTransactions } from '../rules/applyRulesToTransactions.ts';
import { parseForeignAmount } from './foreignAmount.ts';
import { recordCategorizations } from './recordCategorization.ts';
import { requireCategories, requireCounterparty, requireTags } from './references.ts';
import type { CreateTransactionInput } from './createTransaction.ts';
import { parseSplits } from './splits.ts';
import { transactionView, type TransactionView } from './view.ts';

/** Every field of a manual transaction but its account may change; tags and splits are replaced whole (an empty list removes them). */
export type UpdateTransactionInput = Partial<Omit<CreateTransactionInput, 'accountId'>> & { transactionId: string };

/**
 * Changes the given fields. A category given here (even the same one, or null) is the user's
 * choice: provenance `user`, which automatic categorization never overwrites. A new amount must
 * come with splits that sum to it when the transaction is split, and cannot be set on one leg of
 * a transfer (unlink it first): both legs would disagree. Invoice payments of the transaction
 * follow a new amount (followTransactionAmount).
 */
export async function updateTransaction({ ctx, input }: { ctx: FinancialContext; input: UpdateTransactionInput }): Promise<TransactionView> {
  return withTenantTx(ctx, async (tx) => {
    const before = await findLiveTransaction(tx, input.transactionId, { forUpdate: true });
    if (!before) throw notFound('transaction', input.transactionId);
    const amount = input.amount === undefined ? before.amount : parseAmount('amount', input.amount, before.currency);
    const amountChanged = compareDecimals(amount, before.amount) !== 0;
    if (amountChanged && before.transferId) {
      throw new FinancialError('conflict', 'This transaction is one leg of a transfer; unlink the transfer before changing its amount.', { field: 'amount' });
    }
    const existing = (await loadTransactionDetails(tx, [before.id])).get(before.id)!;
    if (amountChanged && input.splits === undefined && existing.splits.length > 0) {
      throw invalidInput('amount', 'The transaction is split: send the splits that sum to the new amount with it.');
    }
    const splits = input.splits === undefined ? undefined : parseSplits(input.splits, amount, before.currency);
    const foreignGiven = input.originalAmount !== undefined || input.originalCurrency !== undefined;
    const foreign = foreignGiven
      ? parseForeignAmount(
          input.originalAmount === undefined ? before.originalAmount : input.originalAmount,
          input.originalCurrency === undefined ? before.originalCurrency : input.originalCurrency,
        )
      : {};
    if (input.counterpartyId) await requireCounterparty(tx, 'counterpartyId', input.counterpartyId);
    await requireCategories(tx, [{ field: 'categoryId', id: input.categoryId }, ...(splits ?? []).map((split, index) => ({ field: `splits.${index}.categoryId`, id: split.categoryId }))]);
    await requireTags(tx, 'tagIds', input.tagIds);

    const categoryChosen = input.categoryId !== undefined;
    const update: Partial<NewTransactionRow> = {
      ...(input.bookingDate !== undefined ? { bookingDate: input.bookingDate } : {}),
      ...(input.valueDate !== undefined ? { valueDate: input.valueDate } : {}),
      ...(amountChanged ? { amount } : {}),
      ...foreign,
      ...(input.counterpartyId !== undefined ? { counterpartyId: input.counterpartyId } : {}),
      ...(input.counterpartyName !== undefined ? { counterpartyName: input.counterpartyName } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.notes !== undefined ? { notes: input.notes } : {}),
      ...(categoryChosen ? { categoryId: input.categoryId, categoryProvenance: 'user' as const, categoryRuleId: null } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
    };
    // updated_at moves with tag and split changes too, so the update is never empty.
    const [after] = await updateTransactionRows(tx, [before.id], { ...update, updatedAt: ctx.clock() });
    if (splits) await replaceSplits(tx, ctx.tenantId, before.id, splits);
    if (input.tagIds) await replaceTags(tx, ctx.tenantId, before.id, input.tagIds);
    if (amountChanged) await followTransactionAmount(tx, ctx, { transactionId: before.id, previous: before.amount, amount });

    const fields = Object.keys(update) as (keyof NewTransactionRow)[];
    const diff = changes(Object.fromEntries(fields.map((field) => [field, before[field]])), Object.fromEntries(fields.map((field) => [field, after![field]])));
    await audit(tx, ctx, {
      type: 'TransactionUpdated',
      aggregateType: 'transaction',
      aggregateId: before.id,
      payload: { changes: diff, ...(input.tagIds ? { tagIds: input.tagIds } : {}), ...(splits ? { splits } : {}) },
    });
    if (categoryChosen && (before.categoryId !== after!.categoryId || before.categoryProvenance !== 'user')) {
      await recordCategorizations(tx, ctx, [
        { transactionId: before.id, categoryId: after!.categoryId, previousCategoryId: before.categoryId, provenance: 'user', ruleId: null },
      ]);
    }
    // Rules listing the `edit` trigger run on the edited transaction; a category chosen here is the user's and stays.
    await applyRulesToTransactions({ ctx: inTransaction(ctx, tx), input: { transactionIds: [before.id], trigger: 'edit' } });
    return transactionView(tx, (await findLiveTransaction(tx, before.id))!);
  });
}
