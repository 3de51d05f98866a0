import { withTenant } from '@ai-service/db';
import type { TenantContext } from '../context.ts';
import { listBacktestsPage, processedByParent, type BacktestCursor } from '../repositories/backtests.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { BacktestPage } from './types.ts';
import { backtestView } from './views.ts';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const readCursor = ([createdAt, id]: unknown[]): BacktestCursor | undefined =>
  typeof createdAt === 'string' && TIMESTAMP.test(createdAt) && typeof id === 'string' && UUID.test(id) ? { createdAt, id } : undefined;

/** The tenant's backtests (not the runs inside sweeps and walk-forwards), newest first, with progress but without results. */
export async function listBacktests({ ctx, input }: { ctx: TenantContext; input: { limit: number; cursor?: string | undefined } }): Promise<BacktestPage> {
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, readCursor);
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const page = await listBacktestsPage(tx, input.limit, after);
    const processed = await processedByParent(tx, page.rows.filter((row) => row.kind !== 'single').map((row) => row.id));
    return {
      items: page.rows.map((row) => backtestView(row, processed.get(row.id))),
      nextCursor: page.more && page.last ? encodeCursor([page.last.createdAt, page.last.id]) : null,
    };
  });
}
