import { withTenant } from '@ai-service/db';
import type { TenantContext } from '../../context.ts';
import { TradingDomainError } from '../../errors.ts';
import { findExecution } from '../../repositories/arbitrage-executions.ts';
import { readExecutionDetail } from './read-execution-detail.ts';
import type { ExecutionDetail } from './types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One of the tenant's executions with its legs and transitions; another tenant's is not found. */
export async function getArbitrageExecution({ ctx, input }: { ctx: TenantContext; input: { executionId: string } }): Promise<ExecutionDetail> {
  const detail = !UUID.test(input.executionId)
    ? undefined
    : await withTenant(ctx.db, ctx.tenantId, async (tx) => {
        const row = await findExecution(tx, input.executionId);
        return row && readExecutionDetail(tx, row);
      });
  if (!detail) throw new TradingDomainError('not_found', 'No such arbitrage execution.');
  return detail;
}
