import type { Transaction } from '@ai-service/db';
import type { TransactionRow } from '../../repositories/transactions.ts';
import { transactionViews, type TransactionView } from '../transactions/view.ts';

export type TransferView = { transferId: string; outgoing: TransactionView; incoming: TransactionView };

export async function transferView(tx: Transaction, transferId: string, outgoing: TransactionRow, incoming: TransactionRow): Promise<TransferView> {
  const [out, into] = await transactionViews(tx, [outgoing, incoming]);
  return { transferId, outgoing: out!, incoming: into! };
}
