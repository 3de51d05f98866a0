import { identityOf } from '@ai-service/access';
import type { TradingComponents } from '@ai-service/contracts';
import type { OperationHandler } from '@ai-service/http';
import { currentTraceId } from '@ai-service/observability';
import {
  executeArbitrage,
  getArbitrageExecution,
  listArbitrageExecutions,
  type ExecutionDetail,
  type ExecutionView,
  type TenantContext,
  type TradingContext,
} from '@ai-service/trading-domain';
import type { FastifyRequest } from 'fastify';

type Schemas = TradingComponents['schemas'];

const presentExecution = (view: ExecutionView): Schemas['ArbitrageExecution'] => ({ ...view, createdAt: view.createdAt.toISOString(), updatedAt: view.updatedAt.toISOString() });

const presentDetail = (detail: ExecutionDetail): Schemas['ArbitrageExecutionDetail'] => ({
  ...presentExecution(detail),
  legs: detail.legs,
  transitions: detail.transitions.map((move) => ({ ...move, at: move.at.toISOString() })),
});

/** The arbitrage execution operations of openapi/trading.yaml: two legs through the order saga (docs/arbitrage.md). */
export function arbitrageExecutionHandlers(deps: Omit<TradingContext, 'traceId'>): Record<string, OperationHandler> {
  const ctx = (request: FastifyRequest): TenantContext => {
    const identity = identityOf(request);
    return { ...deps, traceId: currentTraceId(), tenantId: identity.tenantId, actorId: identity.userId };
  };
  return {
    executeArbitrage: async (request, reply) => {
      const input = request.body as Schemas['ArbitrageExecutionRequest'];
      const { execution } = await executeArbitrage({ ctx: { ...ctx(request), permissions: identityOf(request).permissions }, input });
      return reply.code(202).header('location', `/v1/trading/arbitrage/executions/${execution.id}`).send(presentDetail(execution));
    },
    getArbitrageExecution: async (request) => presentDetail(await getArbitrageExecution({ ctx: ctx(request), input: request.params as { executionId: string } })),
    listArbitrageExecutions: async (request) => {
      const page = await listArbitrageExecutions({ ctx: ctx(request), input: request.query as { limit: number; cursor?: string } });
      return { items: page.items.map(presentExecution), nextCursor: page.nextCursor } satisfies Schemas['ArbitrageExecutionPage'];
    },
  };
}
