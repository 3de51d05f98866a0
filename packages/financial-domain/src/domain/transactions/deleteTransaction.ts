import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findLiveTransaction, findTransferLegs, updateTransactionRows } from '../../repositories/transactions.ts';
import { releaseTransactionPayments } from '../payments/releaseTransactionPayments.ts';

/**
 * Deletes a transaction: it disappears from lists and balances but its row stays (deleted_at), so
 * its external id and content hash keep a re-import or re-sync from bringing it back. When it was
 * one leg of a transfer, the other leg stays as a plain transaction. Invoices it paid are owed again.
 */
export async function deleteTransaction({ ctx, input }: { ctx: FinancialContext; input: { transactionId: string } }): Promise<void> {
  await withTenantTx(ctx, async (tx) => {
    const row = await findLiveTransaction(tx, input.transactionId, { forUpdate: true });
    if (!row) throw notFound('transaction', input.transactionId);
    if (row.transferId) {
      const legs = await findTransferLegs(tx, row.transferId);
      await updateTransactionRows(
        tx,
        legs.map((leg) => leg.id),
        { transferId: null },
      );
    }
    await updateTransactionRows(tx, [row.id], { deletedAt: ctx.clock() });
    await releaseTransactionPayments(tx, ctx, row.id);
    await audit(tx, ctx, {
      type: 'TransactionDeleted',
      aggregateType: 'transaction',
      aggregateId: row.id,
      payload: { accountId: row.accountId, amount: row.amount, bookingDate: row.bookingDate, transferId: row.transferId },
    });
  });
}
