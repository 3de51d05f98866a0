import { withTenant } from '@ai-service/db';
import type { TenantContext } from '../../context.ts';
import { decodeCursor, encodeCursor } from '../../domain/cursor.ts';
import { findExecutionOrders, listExecutionsPage, type ExecutionCursor } from '../../repositories/arbitrage-executions.ts';
import { executionView } from './execution-view.ts';
import type { ExecutionPage } from './types.ts';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const readCursor = ([createdAt, id]: unknown[]): ExecutionCursor | undefined =>
  typeof createdAt === 'string' && TIMESTAMP.test(createdAt) && typeof id === 'string' && UUID.test(id) ? { createdAt, id } : undefined;

/** The tenant's executions, newest first. */
export async function listArbitrageExecutions({ ctx, input }: { ctx: TenantContext; input: { limit: number; cursor?: string | undefined } }): Promise<ExecutionPage> {
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, readCursor);
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const page = await listExecutionsPage(tx, input.limit, after);
    // The buy legs give the realized spread of completed executions.
    const buys = new Map((await findExecutionOrders(tx, page.rows.filter((row) => row.state === 'completed').map((row) => row.buyOrderId))).map((order) => [order.id, order]));
    return {
      items: page.rows.map((row) => executionView(row, buys.get(row.buyOrderId))),
      nextCursor: page.more && page.last ? encodeCursor([page.last.createdAt, page.last.id]) : null,
    };
  });
}
