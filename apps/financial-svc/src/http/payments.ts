import type { FinancialComponents } from '@ai-service/contracts';
import {
  acceptPaymentSuggestion,
  createInvoicePayment,
  deleteInvoicePayment,
  dismissPaymentSuggestion,
  listInvoicePayments,
  listPaymentSuggestions,
  type InvoicePaymentView,
  type PaymentSuggestionView,
} from '@ai-service/financial-domain';
import type { OperationHandler } from '@ai-service/http';
import { contextOf, type HandlerDeps } from './context.ts';

type Schemas = FinancialComponents['schemas'];
type InvoiceParams = { invoiceId: string };
type SuggestionParams = { suggestionId: string };
type SuggestionQuery = { invoiceId?: string; limit?: number; cursor?: string };

const presentPayment = (view: InvoicePaymentView): Schemas['InvoicePayment'] => ({ ...view, createdAt: view.createdAt.toISOString() });

const presentSuggestion = (view: PaymentSuggestionView): Schemas['PaymentSuggestion'] => ({ ...view, createdAt: view.createdAt.toISOString() });

/** Invoice payments (manual matches, removal) and payment suggestions. */
export function paymentHandlers(deps: HandlerDeps): Record<string, OperationHandler> {
  return {
    listInvoicePayments: async (request) => ({ items: (await listInvoicePayments({ ctx: contextOf(deps, request), input: request.params as InvoiceParams })).map(presentPayment) }),
    createInvoicePayment: async (request, reply) =>
      reply.code(201).send(
        presentPayment(
          await createInvoicePayment({ ctx: contextOf(deps, request), input: { ...(request.body as Schemas['InvoicePaymentCreate']), ...(request.params as InvoiceParams) } }),
        ),
      ),
    deleteInvoicePayment: async (request, reply) => {
      await deleteInvoicePayment({ ctx: contextOf(deps, request), input: request.params as InvoiceParams & { paymentId: string } });
      return reply.code(204).send();
    },
    listPaymentSuggestions: async (request) => {
      const page = await listPaymentSuggestions({ ctx: contextOf(deps, request), input: request.query as SuggestionQuery });
      return { items: page.items.map(presentSuggestion), nextCursor: page.nextCursor };
    },
    acceptPaymentSuggestion: async (request, reply) =>
      reply.code(201).send(presentPayment(await acceptPaymentSuggestion({ ctx: contextOf(deps, request), input: request.params as SuggestionParams }))),
    dismissPaymentSuggestion: async (request, reply) => {
      await dismissPaymentSuggestion({ ctx: contextOf(deps, request), input: request.params as SuggestionParams });
      return reply.code(204).send();
    },
  };
}
