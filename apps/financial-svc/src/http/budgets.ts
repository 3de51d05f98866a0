import type { FinancialComponents } from '@ai-service/contracts';
import { deleteBudget, listBudgets, setBudget } from '@ai-service/financial-domain';
import type { OperationHandler } from '@ai-service/http';
import { contextOf, type HandlerDeps } from './context.ts';

type Schemas = FinancialComponents['schemas'];
type BudgetParams = { month: string; categoryId: string };

/** Budgets per category and month (openapi/financial/budgets.yaml). */
export function budgetHandlers(deps: HandlerDeps): Record<string, OperationHandler> {
  return {
    listBudgets: async (request) => listBudgets({ ctx: contextOf(deps, request), input: request.query as { month: string } }),
    setBudget: async (request) => {
      const budget = await setBudget({ ctx: contextOf(deps, request), input: { ...(request.body as Schemas['BudgetInput']), ...(request.params as BudgetParams) } });
      return { ...budget, createdAt: budget.createdAt.toISOString(), updatedAt: budget.updatedAt.toISOString() };
    },
    deleteBudget: async (request, reply) => {
      await deleteBudget({ ctx: contextOf(deps, request), input: request.params as BudgetParams });
      return reply.code(204).send();
    },
  };
}
