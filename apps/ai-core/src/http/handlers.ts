import type { OperationHandler } from '@ai-service/http';
import type { ServiceContext } from '../context.ts';
import { categorizeTransactions } from '../domain/categorize-transactions.ts';
import type { CategorizeRequest } from '../domain/types.ts';

/** One handler per operation of openapi/ai-core.yaml; bodies were validated against the spec before. */
export function aiHandlers(ctx: ServiceContext): Record<string, OperationHandler> {
  return {
    categorizeTransactions: async (request) => categorizeTransactions({ ctx, input: request.body as CategorizeRequest }),
  };
}
