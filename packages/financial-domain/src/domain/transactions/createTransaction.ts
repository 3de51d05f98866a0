import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import type { TransactionStatus } from '../../db/schema/ledger.ts';
import { invalidInput } from '../../errors.ts';
import { findAccount } from '../../repositories/accounts.ts';
import { insertTransactions, replaceSplits, replaceTags } from '../../repositories/transactions.ts';
import { matchIncomingPayments } from '../payments/matchIncomingPayments.ts';
import { parseForeignAmount } from './foreignAmount.ts';
import { recordCategorizations } from './recordCategorization.ts';
import { requireCategories, requireCounterparty, requireTags } from './references.ts';
import { parseSplits, type SplitInput } from './splits.ts';
import { parseAmount } from '../../money.ts';
import { transactionView, type TransactionView } from './view.ts';

export type CreateTransactionInput = {
  accountId: string;
  bookingDate: string;
  valueDate?: string | null | undefined;
  amount: string;
  originalAmount?: string | null | undefined;
  originalCurrency?: string | null | undefined;
  counterpartyId?: string | null | undefined;
  counterpartyName?: string | null | undefined;
  description?: string | undefined;
  notes?: string | null | undefined;
  categoryId?: string | null | undefined;
  status?: TransactionStatus | undefined;
  tagIds?: string[] | undefined;
  splits?: SplitInput[] | undefined;
};

/**
 * Records a transaction entered by hand, in the account's currency. A category given here is the
 * user's choice (provenance `user`); a linked counterparty lends its name when none is written.
 * Booked money in is matched with the open invoices, like an imported or synced one.
 */
export async function createTransaction({ ctx, input }: { ctx: FinancialContext; input: CreateTransactionInput }): Promise<TransactionView> {
  return withTenantTx(ctx, async (tx) => {
    const account = await findAccount(tx, input.accountId);
    if (!account) throw invalidInput('accountId', `No account ${input.accountId} in this tenant.`);
    const amount = parseAmount('amount', input.amount, account.currency);
    const foreign = parseForeignAmount(input.originalAmount ?? null, input.originalCurrency ?? null);
    const splits = parseSplits(input.splits ?? [], amount, account.currency);
    const counterparty = input.counterpartyId ? await requireCounterparty(tx, 'counterpartyId', input.counterpartyId) : undefined;
    await requireCategories(tx, [{ field: 'categoryId', id: input.categoryId }, ...splits.map((split, index) => ({ field: `splits.${index}.categoryId`, id: split.categoryId }))]);
    await requireTags(tx, 'tagIds', input.tagIds);

    const [row] = await insertTransactions(tx, [
      {
        id: randomUUID(),
        tenantId: ctx.tenantId,
        accountId: account.id,
        bookingDate: input.bookingDate,
        valueDate: input.valueDate ?? null,
        amount,
        currency: account.currency,
        ...foreign,
        counterpartyId: counterparty?.id ?? null,
        counterpartyName: input.counterpartyName ?? counterparty?.name ?? null,
        description: input.description ?? '',
        notes: input.notes ?? null,
        categoryId: input.categoryId ?? null,
        categoryProvenance: input.categoryId ? 'user' : null,
        status: input.status ?? 'booked',
        source: 'manual',
        createdBy: ctx.actorId,
      },
    ]);
    const created = row!;
    await replaceSplits(tx, ctx.tenantId, created.id, splits);
    await replaceTags(tx, ctx.tenantId, created.id, input.tagIds ?? []);
    await audit(tx, ctx, { type: 'TransactionCreated', aggregateType: 'transaction', aggregateId: created.id, payload: { accountId: account.id, amount, splits: splits.length } });
    if (created.categoryId) {
      await recordCategorizations(tx, ctx, [{ transactionId: created.id, categoryId: created.categoryId, previousCategoryId: null, provenance: 'user', ruleId: null }]);
    }
    if (created.status === 'booked') await matchIncomingPayments(tx, ctx, account.currency, [created]);
    return transactionView(tx, created);
  });
}
