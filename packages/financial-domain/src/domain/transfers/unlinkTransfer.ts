import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findTransferLegs, updateTransactionRows } from '../../repositories/transactions.ts';

/** Unlinks a transfer; both transactions stay as plain transactions. */
export async function unlinkTransfer({ ctx, input }: { ctx: FinancialContext; input: { transferId: string } }): Promise<void> {
  await withTenantTx(ctx, async (tx) => {
    const legs = await findTransferLegs(tx, input.transferId);
    if (legs.length === 0) throw notFound('transfer', input.transferId);
    await updateTransactionRows(
      tx,
      legs.map((leg) => leg.id),
      { transferId: null },
    );
    await audit(tx, ctx, { type: 'TransferUnlinked', aggregateType: 'transfer', aggregateId: input.transferId, payload: { transactionIds: legs.map((leg) => leg.id) } });
  });
}
