import { compareDecimals, decimal } from '@ai-service/money';
import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { FinancialError, invalidInput } from '../../errors.ts';
import { findLiveTransactions, updateTransactionRows } from '../../repositories/transactions.ts';
import { transferView, type TransferView } from './view.ts';

export type LinkTransferInput = { outgoingTransactionId: string; incomingTransactionId: string };

/**
 * Marks two existing transactions as the legs of one transfer between own accounts: money out of
 * one account (negative), into another (positive); in one currency the amounts must cancel out.
 * Neither may already be part of a transfer. Joins `ctx.tx` when set (rule action "mark as transfer").
 */
export async function linkTransfer({ ctx, input }: { ctx: FinancialContext; input: LinkTransferInput }): Promise<TransferView> {
  const { outgoingTransactionId, incomingTransactionId } = input;
  if (outgoingTransactionId === incomingTransactionId) throw invalidInput('incomingTransactionId', 'A transfer links two different transactions.');
  return withTenantTx(ctx, async (tx) => {
    const rows = await findLiveTransactions(tx, [outgoingTransactionId, incomingTransactionId], { forUpdate: true });
    const outgoing = rows.find((row) => row.id === outgoingTransactionId);
    const incoming = rows.find((row) => row.id === incomingTransactionId);
    if (!outgoing) throw new FinancialError('not_found', `No transaction ${outgoingTransactionId} in this tenant.`);
    if (!incoming) throw new FinancialError('not_found', `No transaction ${incomingTransactionId} in this tenant.`);
    if (outgoing.accountId === incoming.accountId) throw invalidInput('incomingTransactionId', 'Both transactions are on the same account.');
    for (const [field, row] of [['outgoingTransactionId', outgoing], ['incomingTransactionId', incoming]] as const) {
      if (row.transferId) throw new FinancialError('conflict', `Transaction ${row.id} is already part of transfer ${row.transferId}.`, { field });
    }
    if (decimal(outgoing.amount).gte(0)) throw invalidInput('outgoingTransactionId', 'The outgoing transaction must take money out (a negative amount).');
    if (decimal(incoming.amount).lte(0)) throw invalidInput('incomingTransactionId', 'The incoming transaction must bring money in (a positive amount).');
    if (outgoing.currency === incoming.currency && compareDecimals(decimal(outgoing.amount).plus(incoming.amount), '0') !== 0) {
      throw invalidInput('incomingTransactionId', `In one currency the legs cancel out: ${outgoing.amount} and ${incoming.amount} do not.`);
    }
    const transferId = randomUUID();
    const linked = await updateTransactionRows(tx, [outgoing.id, incoming.id], { transferId });
    await audit(tx, ctx, { type: 'TransferLinked', aggregateType: 'transfer', aggregateId: transferId, payload: input });
    return transferView(tx, transferId, linked.find((row) => row.id === outgoing.id)!, linked.find((row) => row.id === incoming.id)!);
  });
}
