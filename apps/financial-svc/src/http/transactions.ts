import type { FinancialComponents, FinancialPaths } from '@ai-service/contracts';
import {
  bulkEditTransactions,
  createTransaction,
  createTransfer,
  deleteTransaction,
  getTransaction,
  linkTransfer,
  listTransactions,
  unlinkTransfer,
  updateTransaction,
} from '@ai-service/financial-domain';
import type { OperationHandler } from '@ai-service/http';
import { contextOf, type HandlerDeps } from './context.ts';
import { presentTransaction, presentTransfer } from './present.ts';

type Schemas = FinancialComponents['schemas'];
type TransactionParams = { transactionId: string };
type ListQuery = NonNullable<FinancialPaths['/v1/financial/transactions']['get']['parameters']['query']>;

export function transactionHandlers(deps: HandlerDeps): Record<string, OperationHandler> {
  return {
    listTransactions: async (request) => {
      const page = await listTransactions({ ctx: contextOf(deps, request), input: request.query as ListQuery });
      return { items: page.items.map(presentTransaction), nextCursor: page.nextCursor };
    },
    createTransaction: async (request, reply) =>
      reply.code(201).send(presentTransaction(await createTransaction({ ctx: contextOf(deps, request), input: request.body as Schemas['TransactionCreate'] }))),
    getTransaction: async (request) => presentTransaction(await getTransaction({ ctx: contextOf(deps, request), input: request.params as TransactionParams })),
    updateTransaction: async (request) =>
      presentTransaction(
        await updateTransaction({
          ctx: contextOf(deps, request),
          input: { ...(request.body as Schemas['TransactionUpdate']), ...(request.params as TransactionParams) },
        }),
      ),
    deleteTransaction: async (request, reply) => {
      await deleteTransaction({ ctx: contextOf(deps, request), input: request.params as TransactionParams });
      return reply.code(204).send();
    },
    bulkEditTransactions: async (request) => bulkEditTransactions({ ctx: contextOf(deps, request), input: request.body as Schemas['TransactionBulkEdit'] }),
    createTransfer: async (request, reply) =>
      reply.code(201).send(presentTransfer(await createTransfer({ ctx: contextOf(deps, request), input: request.body as Schemas['TransferCreate'] }))),
    linkTransfer: async (request) => presentTransfer(await linkTransfer({ ctx: contextOf(deps, request), input: request.body as Schemas['TransferLink'] })),
    unlinkTransfer: async (request, reply) => {
      await unlinkTransfer({ ctx: contextOf(deps, request), input: request.params as { transferId: string } });
      return reply.code(204).send();
    },
  };
}
