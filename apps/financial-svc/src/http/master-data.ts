import type { FinancialComponents, FinancialPaths } from '@ai-service/contracts';
import {
  createCategory,
  createCounterparty,
  createTag,
  deleteCategory,
  deleteCounterparty,
  deleteTag,
  getCategory,
  getCounterparty,
  getTag,
  listCategories,
  listCounterparties,
  listTags,
  updateCategory,
  updateCounterparty,
  updateTag,
} from '@ai-service/financial-domain';
import type { OperationHandler } from '@ai-service/http';
import { contextOf, type HandlerDeps } from './context.ts';
import { presentCategory, presentCounterparty, presentTag } from './present.ts';

type Schemas = FinancialComponents['schemas'];
type CategoryParams = { categoryId: string };
type TagParams = { tagId: string };
type CounterpartyParams = { counterpartyId: string };
type CounterpartyQuery = NonNullable<FinancialPaths['/v1/financial/counterparties']['get']['parameters']['query']>;

/** Categories, tags and counterparties. */
export function masterDataHandlers(deps: HandlerDeps): Record<string, OperationHandler> {
  return {
    listCategories: async (request) => ({ items: (await listCategories({ ctx: contextOf(deps, request) })).map(presentCategory) }),
    createCategory: async (request, reply) =>
      reply.code(201).send(presentCategory(await createCategory({ ctx: contextOf(deps, request), input: request.body as Schemas['CategoryCreate'] }))),
    getCategory: async (request) => presentCategory(await getCategory({ ctx: contextOf(deps, request), input: request.params as CategoryParams })),
    updateCategory: async (request) =>
      presentCategory(
        await updateCategory({ ctx: contextOf(deps, request), input: { ...(request.body as Schemas['CategoryUpdate']), ...(request.params as CategoryParams) } }),
      ),
    deleteCategory: async (request, reply) => {
      await deleteCategory({ ctx: contextOf(deps, request), input: { ...(request.query as { reassignTo?: string }), ...(request.params as CategoryParams) } });
      return reply.code(204).send();
    },

    listTags: async (request) => ({ items: (await listTags({ ctx: contextOf(deps, request) })).map(presentTag) }),
    createTag: async (request, reply) =>
      reply.code(201).send(presentTag(await createTag({ ctx: contextOf(deps, request), input: request.body as Schemas['TagInput'] }))),
    getTag: async (request) => presentTag(await getTag({ ctx: contextOf(deps, request), input: request.params as TagParams })),
    updateTag: async (request) =>
      presentTag(await updateTag({ ctx: contextOf(deps, request), input: { ...(request.body as Schemas['TagInput']), ...(request.params as TagParams) } })),
    deleteTag: async (request, reply) => {
      await deleteTag({ ctx: contextOf(deps, request), input: request.params as TagParams });
      return reply.code(204).send();
    },

    listCounterparties: async (request) => {
      const page = await listCounterparties({ ctx: contextOf(deps, request), input: request.query as CounterpartyQuery });
      return { items: page.items.map(presentCounterparty), nextCursor: page.nextCursor };
    },
    createCounterparty: async (request, reply) =>
      reply
        .code(201)
        .send(presentCounterparty(await createCounterparty({ ctx: contextOf(deps, request), input: request.body as Schemas['CounterpartyCreate'] }))),
    getCounterparty: async (request) => presentCounterparty(await getCounterparty({ ctx: contextOf(deps, request), input: request.params as CounterpartyParams })),
    updateCounterparty: async (request) =>
      presentCounterparty(
        await updateCounterparty({
          ctx: contextOf(deps, request),
          input: { ...(request.body as Schemas['CounterpartyUpdate']), ...(request.params as CounterpartyParams) },
        }),
      ),
    deleteCounterparty: async (request, reply) => {
      await deleteCounterparty({ ctx: contextOf(deps, request), input: request.params as CounterpartyParams });
      return reply.code(204).send();
    },
  };
}
