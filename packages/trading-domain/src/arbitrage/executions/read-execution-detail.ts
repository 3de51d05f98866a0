import type { Transaction } from '@ai-service/db';
import { findExecutionOrders, listExecutionTransitions, type ExecutionRow } from '../../repositories/arbitrage-executions.ts';
import { executionDetail } from './execution-view.ts';
import type { ExecutionDetail } from './types.ts';

/** The execution with its legs' orders and transitions, read in the caller's transaction. */
export async function readExecutionDetail(tx: Transaction, row: ExecutionRow): Promise<ExecutionDetail> {
  const orderIds = [row.buyOrderId, row.sellOrderId, row.unwindOrderId].filter((id): id is string => id !== null);
  return executionDetail(row, await findExecutionOrders(tx, orderIds), await listExecutionTransitions(tx, row.id));
}
