import { identityOf } from '@ai-service/access';
import type { TradingComponents } from '@ai-service/contracts';
import type { OperationHandler } from '@ai-service/http';
import { currentTraceId } from '@ai-service/observability';
import {
  deleteExchangeCredentials,
  listArbitrageOpportunities,
  listExchangeCredentials,
  scanArbitrage,
  setExchangeCredentials,
  type CredentialsContext,
  type ExchangeConnector,
  type ExchangeCredentialsView,
  type OpportunityView,
  type SecretsKey,
  type TenantContext,
  type TradingContext,
} from '@ai-service/trading-domain';
import type { FastifyRequest } from 'fastify';

type Schemas = TradingComponents['schemas'];

export type ExchangeHandlerDeps = Omit<TradingContext, 'traceId'> & {
  secretsKey: SecretsKey | undefined;
  /** Market-data connectors the arbitrage scanner reads order books through. */
  connectorFor: (exchange: string) => ExchangeConnector;
};

const presentCredentials = (view: ExchangeCredentialsView): Schemas['ExchangeCredentials'] => ({ ...view, updatedAt: view.updatedAt.toISOString() });

const presentOpportunity = (view: OpportunityView): Schemas['ArbitrageOpportunity'] => ({ ...view, foundAt: view.foundAt.toISOString() });

/** The exchange operations of openapi/trading.yaml: stored API credentials per venue, and the arbitrage scanner. */
export function exchangeHandlers({ secretsKey, connectorFor, ...context }: ExchangeHandlerDeps): Record<string, OperationHandler> {
  const tenant = (request: FastifyRequest): TenantContext => {
    const identity = identityOf(request);
    return { ...context, traceId: currentTraceId(), tenantId: identity.tenantId, actorId: identity.userId };
  };
  const credentialsContext = (request: FastifyRequest): CredentialsContext => ({ ...tenant(request), permissions: identityOf(request).permissions, secretsKey });
  return {
    scanArbitrage: async (request): Promise<Schemas['ArbitrageScanResult']> => {
      const found = await scanArbitrage({ ctx: { ...tenant(request), connectorFor }, input: request.body as Schemas['ArbitrageScanRequest'] });
      return { items: found.map(presentOpportunity) };
    },
    listArbitrageOpportunities: async (request): Promise<Schemas['ArbitrageOpportunityPage']> => {
      const page = await listArbitrageOpportunities({ ctx: tenant(request), input: request.query as { limit: number; cursor?: string; symbol?: string } });
      return { items: page.items.map(presentOpportunity), nextCursor: page.nextCursor };
    },
    listExchanges: async (request): Promise<Schemas['ExchangeCredentialsList']> => ({
      items: (await listExchangeCredentials({ ctx: credentialsContext(request) })).map(presentCredentials),
    }),
    setExchangeCredentials: async (request) => {
      const body = request.body as Schemas['ExchangeCredentialsRequest'];
      const { exchange } = request.params as { exchange: string };
      return presentCredentials(await setExchangeCredentials({ ctx: credentialsContext(request), input: { ...body, exchange } }));
    },
    deleteExchangeCredentials: async (request, reply) => {
      const { exchange } = request.params as { exchange: string };
      const { sandbox } = request.query as { sandbox: boolean };
      await deleteExchangeCredentials({ ctx: credentialsContext(request), input: { exchange, sandbox } });
      return reply.code(204).send();
    },
  };
}
