import { compareDecimals, negateDecimal } from '@ai-service/money';
import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { invalidInput } from '../../errors.ts';
import { parseAmount } from '../../money.ts';
import { findAccount } from '../../repositories/accounts.ts';
import { insertTransactions, type NewTransactionRow } from '../../repositories/transactions.ts';
import { transferView, type TransferView } from './view.ts';

export type CreateTransferInput = {
  fromAccountId: string;
  toAccountId: string;
  /** Positive, in the source account's currency. */
  amount: string;
  /** Positive, in the destination account's currency; required when the currencies differ. */
  toAmount?: string | undefined;
  bookingDate: string;
  valueDate?: string | null | undefined;
  description?: string | undefined;
  notes?: string | null | undefined;
};

/** Creates both legs of a transfer between two own accounts: money out of one, into the other, linked by one transfer id. */
export async function createTransfer({ ctx, input }: { ctx: FinancialContext; input: CreateTransferInput }): Promise<TransferView> {
  if (input.fromAccountId === input.toAccountId) throw invalidInput('toAccountId', 'A transfer moves money between two different accounts.');
  return withTenantTx(ctx, async (tx) => {
    const from = await findAccount(tx, input.fromAccountId);
    if (!from) throw invalidInput('fromAccountId', `No account ${input.fromAccountId} in this tenant.`);
    const to = await findAccount(tx, input.toAccountId);
    if (!to) throw invalidInput('toAccountId', `No account ${input.toAccountId} in this tenant.`);
    const amount = parseAmount('amount', input.amount, from.currency, 'positive');
    let toAmount = amount;
    if (from.currency !== to.currency) {
      if (input.toAmount === undefined) throw invalidInput('toAmount', `The accounts' currencies differ (${from.currency} → ${to.currency}): give the amount that arrives.`);
      toAmount = parseAmount('toAmount', input.toAmount, to.currency, 'positive');
    } else if (input.toAmount !== undefined && compareDecimals(parseAmount('toAmount', input.toAmount, to.currency, 'positive'), amount) !== 0) {
      throw invalidInput('toAmount', 'In one currency the amount that arrives is the amount that leaves.');
    }
    const transferId = randomUUID();
    const leg = (accountId: string, currency: string, signed: string, otherName: string): NewTransactionRow => ({
      id: randomUUID(),
      tenantId: ctx.tenantId,
      accountId,
      bookingDate: input.bookingDate,
      valueDate: input.valueDate ?? null,
      amount: signed,
      currency,
      counterpartyName: otherName,
      description: input.description ?? '',
      notes: input.notes ?? null,
      status: 'booked',
      source: 'manual',
      transferId,
      createdBy: ctx.actorId,
    });
    const [outgoing, incoming] = await insertTransactions(tx, [leg(from.id, from.currency, negateDecimal(amount), to.name), leg(to.id, to.currency, toAmount, from.name)]);
    await audit(tx, ctx, {
      type: 'TransferCreated',
      aggregateType: 'transfer',
      aggregateId: transferId,
      payload: { outgoingTransactionId: outgoing!.id, incomingTransactionId: incoming!.id, amount, toAmount },
    });
    return transferView(tx, transferId, outgoing!, incoming!);
  });
}
