import type { FinancialComponents } from '@ai-service/contracts';
import {
  createInvoiceTemplate,
  deleteInvoiceTemplate,
  getInvoiceTemplate,
  listInvoiceTemplates,
  runInvoiceTemplate,
  updateInvoiceTemplate,
  type InvoiceTemplateView,
  type TemplateContext,
  type TemplateScheduler,
} from '@ai-service/financial-domain';
import type { OperationHandler } from '@ai-service/http';
import type { FastifyRequest } from 'fastify';
import { contextOf, type HandlerDeps } from './context.ts';
import { presentInvoice } from './present-invoices.ts';

type Schemas = FinancialComponents['schemas'];
type TemplateParams = { templateId: string };

/** The template verbs also keep the job schedulers, when the service has a queue. */
export type TemplateHandlerDeps = HandlerDeps & { templateScheduler?: TemplateScheduler | undefined };

const templateContext = (deps: TemplateHandlerDeps, request: FastifyRequest): TemplateContext => ({ ...contextOf(deps, request), templateScheduler: deps.templateScheduler });

const presentTemplate = (view: InvoiceTemplateView): Schemas['InvoiceTemplate'] => ({
  ...view,
  createdAt: view.createdAt.toISOString(),
  updatedAt: view.updatedAt.toISOString(),
});

/** Recurring invoice templates and running one now. */
export function invoiceTemplateHandlers(deps: TemplateHandlerDeps): Record<string, OperationHandler> {
  return {
    listInvoiceTemplates: async (request) => ({
      items: (await listInvoiceTemplates({ ctx: contextOf(deps, request), input: request.query as { clientId?: string } })).map(presentTemplate),
    }),
    createInvoiceTemplate: async (request, reply) =>
      reply.code(201).send(presentTemplate(await createInvoiceTemplate({ ctx: templateContext(deps, request), input: request.body as Schemas['InvoiceTemplateCreate'] }))),
    getInvoiceTemplate: async (request) => presentTemplate(await getInvoiceTemplate({ ctx: contextOf(deps, request), input: request.params as TemplateParams })),
    updateInvoiceTemplate: async (request) =>
      presentTemplate(
        await updateInvoiceTemplate({
          ctx: templateContext(deps, request),
          input: { ...(request.body as Schemas['InvoiceTemplateUpdate']), ...(request.params as TemplateParams) },
        }),
      ),
    deleteInvoiceTemplate: async (request, reply) => {
      await deleteInvoiceTemplate({ ctx: templateContext(deps, request), input: request.params as TemplateParams });
      return reply.code(204).send();
    },
    runInvoiceTemplate: async (request, reply) =>
      reply.code(201).send(presentInvoice(await runInvoiceTemplate({ ctx: contextOf(deps, request), input: request.params as TemplateParams }))),
  };
}
