import type { Transaction } from '@ai-service/db';
import { randomUUID } from 'node:crypto';
import type { TradingContext } from '../../context.ts';
import { audit } from '../../domain/audit.ts';
import { insertExecutionTransition, moveExecution, type ExecutionRow, type ExecutionState } from '../../repositories/arbitrage-executions.ts';

export type ExecutionMove = { state: ExecutionState; reason: string; sellOrderId?: string; unwindOrderId?: string; realizedPnl?: string };

/**
 * One move of an execution, in the caller's transaction: the row (from the state it was read in),
 * its transition row and the audit row. False, with nothing written, when the row had moved on.
 */
export async function moveExecutionTo(tx: Transaction, ctx: Pick<TradingContext, 'clock' | 'traceId'>, row: ExecutionRow, move: ExecutionMove): Promise<boolean> {
  const { state, reason, ...legs } = move;
  const at = ctx.clock();
  if (!(await moveExecution(tx, row, { ...legs, state, stateReason: reason }, at))) return false;
  await insertExecutionTransition(tx, { id: randomUUID(), tenantId: row.tenantId, executionId: row.id, fromState: row.state, toState: state, reason, at });
  await audit(tx, ctx, {
    type: 'ArbitrageExecutionStateChanged',
    tenantId: row.tenantId,
    actorId: null,
    aggregate: { type: 'arbitrage_execution', id: row.id },
    payload: { from: row.state, to: state, reason, ...legs },
  });
  return true;
}
