import type { FinancialComponents } from '@ai-service/contracts';
import { createAccount, getAccount, listAccounts, setAccountArchived, updateAccount } from '@ai-service/financial-domain';
import type { OperationHandler } from '@ai-service/http';
import { contextOf, type HandlerDeps } from './context.ts';
import { presentAccount } from './present.ts';

type Schemas = FinancialComponents['schemas'];
type AccountParams = { accountId: string };

export function accountHandlers(deps: HandlerDeps): Record<string, OperationHandler> {
  return {
    listAccounts: async (request) => ({
      items: (await listAccounts({ ctx: contextOf(deps, request), input: request.query as { includeArchived: boolean } })).map(presentAccount),
    }),
    createAccount: async (request, reply) =>
      reply.code(201).send(presentAccount(await createAccount({ ctx: contextOf(deps, request), input: request.body as Schemas['AccountCreate'] }))),
    getAccount: async (request) => presentAccount(await getAccount({ ctx: contextOf(deps, request), input: request.params as AccountParams })),
    updateAccount: async (request) =>
      presentAccount(
        await updateAccount({ ctx: contextOf(deps, request), input: { ...(request.body as Schemas['AccountUpdate']), ...(request.params as AccountParams) } }),
      ),
    archiveAccount: async (request) =>
      presentAccount(await setAccountArchived({ ctx: contextOf(deps, request), input: { ...(request.params as AccountParams), archived: true } })),
    unarchiveAccount: async (request) =>
      presentAccount(await setAccountArchived({ ctx: contextOf(deps, request), input: { ...(request.params as AccountParams), archived: false } })),
  };
}
