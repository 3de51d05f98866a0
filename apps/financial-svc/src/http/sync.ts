import type { FinancialComponents } from '@ai-service/contracts';
import {
  createBankConnection,
  deleteBankConnection,
  getBankConnection,
  getIntegrationSettings,
  linkConnectionAccount,
  listBankConnections,
  listInstitutions,
  listSyncRuns,
  refreshBankConnection,
  requestBankSync,
  updateBankConnection,
  updateIntegrationSettings,
  type BankSyncDeps,
  type ConnectionAccountView,
  type ConnectionView,
  type IntegrationSettingsView,
  type SyncContext,
  type SyncProvider,
  type SyncRunView,
} from '@ai-service/financial-domain';
import type { OperationHandler } from '@ai-service/http';
import type { FastifyRequest } from 'fastify';
import { contextOf, type HandlerDeps } from './context.ts';

type Schemas = FinancialComponents['schemas'];
type ConnectionParams = { connectionId: string };

export type SyncHandlerDeps = HandlerDeps & { bankSync: BankSyncDeps };

const iso = (date: Date | null) => date?.toISOString() ?? null;

const presentSettings = (view: IntegrationSettingsView): Schemas['BankSyncSettings'] => ({ ...view, updatedAt: iso(view.updatedAt) });

const presentConnectionAccount = (view: ConnectionAccountView): Schemas['BankConnectionAccount'] => view;

const presentConnection = (view: ConnectionView): Schemas['BankConnection'] => ({
  ...view,
  accounts: view.accounts.map(presentConnectionAccount),
  lastSyncedAt: iso(view.lastSyncedAt),
  createdAt: view.createdAt.toISOString(),
  updatedAt: view.updatedAt.toISOString(),
});

const presentRun = (view: SyncRunView): Schemas['BankSyncRun'] => ({
  ...view,
  nextAttemptAt: iso(view.nextAttemptAt),
  startedAt: view.startedAt.toISOString(),
  finishedAt: view.finishedAt.toISOString(),
});

/** Bank sync (openapi/financial/sync.yaml): settings, connections, account links, sync on demand, runs. */
export function syncHandlers(deps: SyncHandlerDeps): Record<string, OperationHandler> {
  const ctxOf = (request: FastifyRequest): SyncContext => ({ ...contextOf(deps, request), bankSync: deps.bankSync });
  const connection = (request: FastifyRequest) => request.params as ConnectionParams;
  return {
    getBankSyncSettings: async (request) => ({ items: (await getIntegrationSettings({ ctx: ctxOf(request) })).map(presentSettings) }),
    updateBankSyncSettings: async (request) =>
      presentSettings(
        await updateIntegrationSettings({
          ctx: ctxOf(request),
          input: { ...(request.body as Schemas['BankSyncSettingsUpdate']), provider: (request.params as { provider: SyncProvider }).provider },
        }),
      ),
    listBankInstitutions: async (request) => ({ items: await listInstitutions({ ctx: ctxOf(request), input: request.query as { country: string } }) }),
    listBankConnections: async (request) => ({ items: (await listBankConnections({ ctx: ctxOf(request) })).map(presentConnection) }),
    createBankConnection: async (request, reply) =>
      reply.code(201).send(presentConnection(await createBankConnection({ ctx: ctxOf(request), input: request.body as Schemas['BankConnectionCreate'] }))),
    getBankConnection: async (request) => presentConnection(await getBankConnection({ ctx: ctxOf(request), input: connection(request) })),
    updateBankConnection: async (request) =>
      presentConnection(
        await updateBankConnection({ ctx: ctxOf(request), input: { ...connection(request), ...(request.body as Schemas['BankConnectionUpdate']) } }),
      ),
    deleteBankConnection: async (request, reply) => {
      await deleteBankConnection({ ctx: ctxOf(request), input: connection(request) });
      return reply.code(204).send();
    },
    refreshBankConnection: async (request) => presentConnection(await refreshBankConnection({ ctx: ctxOf(request), input: connection(request) })),
    linkBankAccount: async (request) =>
      presentConnectionAccount(
        await linkConnectionAccount({
          ctx: ctxOf(request),
          input: { ...(request.params as ConnectionParams & { connectionAccountId: string }), ...(request.body as Schemas['BankAccountLink']) },
        }),
      ),
    syncBankConnection: async (request, reply) => reply.code(202).send(await requestBankSync({ ctx: ctxOf(request), input: connection(request) })),
    listBankSyncRuns: async (request) => ({
      items: (await listSyncRuns({ ctx: ctxOf(request), input: { ...connection(request), ...(request.query as { limit?: number }) } })).map(presentRun),
    }),
  };
}
