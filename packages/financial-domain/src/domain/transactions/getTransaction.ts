import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findLiveTransaction } from '../../repositories/transactions.ts';
import { transactionView, type TransactionView } from './view.ts';

export async function getTransaction({ ctx, input }: { ctx: FinancialContext; input: { transactionId: string } }): Promise<TransactionView> {
  return withTenantTx(ctx, async (tx) => {
    const row = await findLiveTransaction(tx, input.transactionId);
    if (!row) throw notFound('transaction', input.transactionId);
    return transactionView(tx, row);
  });
}
