import { identityOf } from '@ai-service/access';
import type { TradingComponents } from '@ai-service/contracts';
import type { OperationHandler } from '@ai-service/http';
import { currentTraceId } from '@ai-service/observability';
import {
  createArbitrageWatch,
  deleteArbitrageWatch,
  getArbitrageWatch,
  listArbitrageWatches,
  updateArbitrageWatch,
  type ExchangeConnector,
  type TradingContext,
  type WatchContext,
  type WatchScheduler,
  type WatchView,
} from '@ai-service/trading-domain';
import type { FastifyRequest } from 'fastify';

type Schemas = TradingComponents['schemas'];

export type WatchHandlerDeps = Omit<TradingContext, 'traceId'> & { connectorFor: (exchange: string) => ExchangeConnector; watchScheduler: WatchScheduler };

const presentWatch = (view: WatchView): Schemas['ArbitrageWatch'] => ({
  ...view,
  lastScanAt: view.lastScanAt?.toISOString() ?? null,
  createdAt: view.createdAt.toISOString(),
  updatedAt: view.updatedAt.toISOString(),
});

/** The arbitrage watch operations of openapi/trading.yaml: continuous scans worker-trading runs on a schedule. */
export function arbitrageWatchHandlers(deps: WatchHandlerDeps): Record<string, OperationHandler> {
  const ctx = (request: FastifyRequest): WatchContext => {
    const identity = identityOf(request);
    return { ...deps, traceId: currentTraceId(), tenantId: identity.tenantId, actorId: identity.userId, permissions: identity.permissions };
  };
  const watchId = (request: FastifyRequest) => (request.params as { watchId: string }).watchId;
  return {
    listArbitrageWatches: async (request): Promise<Schemas['ArbitrageWatchList']> => ({ items: (await listArbitrageWatches({ ctx: ctx(request) })).map(presentWatch) }),
    createArbitrageWatch: async (request, reply) => {
      const watch = await createArbitrageWatch({ ctx: ctx(request), input: request.body as Schemas['ArbitrageWatchRequest'] });
      return reply.code(201).send(presentWatch(watch));
    },
    getArbitrageWatch: async (request) => presentWatch(await getArbitrageWatch({ ctx: ctx(request), input: { watchId: watchId(request) } })),
    updateArbitrageWatch: async (request) =>
      presentWatch(await updateArbitrageWatch({ ctx: ctx(request), input: { ...(request.body as Schemas['ArbitrageWatchUpdate']), watchId: watchId(request) } })),
    deleteArbitrageWatch: async (request, reply) => {
      await deleteArbitrageWatch({ ctx: ctx(request), input: { watchId: watchId(request) } });
      return reply.code(204).send();
    },
  };
}
