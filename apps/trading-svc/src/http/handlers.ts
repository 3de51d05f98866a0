import { identityOf } from '@ai-service/access';
import type { TradingComponents } from '@ai-service/contracts';
import type { OperationHandler } from '@ai-service/http';
import { currentTraceId } from '@ai-service/observability';
import {
  candleCoverage,
  deploySession,
  fetchCandles,
  getBacktest,
  getSessionStatus,
  importCandles,
  listBacktests,
  listCandles,
  listSessions,
  listStrategies,
  listTradingAccounts,
  requestBacktest,
  requestStop,
  type CandleSources,
  type DeploySessionInput,
  type ListCandlesInput,
  type SessionJobs,
  type TenantContext,
  type TradingContext,
} from '@ai-service/trading-domain';
import type { FastifyRequest } from 'fastify';
import { readCandleUpload } from './candle-upload.ts';
import { presentSession, presentSessionPage, presentSessionStatus } from './present-sessions.ts';
import { presentBacktest, presentBacktestPage, presentCandleImport, presentCandlePage, presentMarkets, presentStrategies } from './present.ts';

type Schemas = TradingComponents['schemas'];

export type TradingHandlerDeps = Omit<TradingContext, 'traceId'> & { candleSources: CandleSources; sessionJobs: SessionJobs };

/**
 * One handler per operation of openapi/trading.yaml. Params, queries and JSON bodies were validated
 * against the spec before a handler runs; each handler calls one domain function and presents it.
 */
export function tradingHandlers(base: TradingHandlerDeps): Record<string, OperationHandler> {
  const { candleSources, sessionJobs, ...context } = base;
  const tenant = (request: FastifyRequest): TenantContext => {
    const identity = identityOf(request);
    return { ...context, traceId: currentTraceId(), tenantId: identity.tenantId, actorId: identity.userId };
  };

  return {
    importCandles: async (request, reply) => {
      const ctx = tenant(request);
      return reply.code(201).send(presentCandleImport(await importCandles({ ctx, input: await readCandleUpload(request) })));
    },
    fetchCandles: async (request, reply) => {
      const report = await fetchCandles({ ctx: { ...tenant(request), candleSources }, input: request.body as Schemas['CandleFetchRequest'] });
      return reply.code(201).send(presentCandleImport(report));
    },
    listCandles: async (request) =>
      presentCandlePage(await listCandles({ ctx: tenant(request), input: request.query as ListCandlesInput })),
    listMarkets: async (request) => presentMarkets(await candleCoverage({ ctx: tenant(request), input: request.query as { exchange?: string; symbol?: string } })),
    listStrategies: async () => presentStrategies(listStrategies()),
    requestBacktest: async (request, reply) => {
      const backtest = await requestBacktest({ ctx: tenant(request), input: request.body as Schemas['BacktestRequest'] });
      return reply.code(202).header('location', `/v1/trading/backtests/${backtest.id}`).send(presentBacktest(backtest));
    },
    listBacktests: async (request) => presentBacktestPage(await listBacktests({ ctx: tenant(request), input: request.query as { limit: number; cursor?: string } })),
    getBacktest: async (request) => presentBacktest(await getBacktest({ ctx: tenant(request), input: request.params as { backtestId: string } })),
    deploySession: async (request, reply) => {
      const ctx = { ...tenant(request), permissions: identityOf(request).permissions, sessionJobs };
      const session = await deploySession({ ctx, input: request.body as DeploySessionInput });
      return reply.code(202).header('location', `/v1/trading/status/${session.id}`).send(presentSession(session));
    },
    stopSession: async (request, reply) => {
      const session = await requestStop({ ctx: { ...tenant(request), sessionJobs }, input: request.params as { sessionId: string } });
      return reply.code(202).send(presentSession(session));
    },
    getSessionStatus: async (request) => presentSessionStatus(await getSessionStatus({ ctx: tenant(request), input: request.params as { sessionId: string } })),
    listSessions: async (request) =>
      presentSessionPage(await listSessions({ ctx: tenant(request), input: request.query as Parameters<typeof listSessions>[0]['input'] })),
    listTradingAccounts: async (request): Promise<Schemas['TradingAccountList']> => ({ items: await listTradingAccounts({ ctx: tenant(request) }) }),
  };
}
