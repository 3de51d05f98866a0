import type { FinancialComponents, FinancialPaths } from '@ai-service/contracts';
import {
  createClient,
  createCreditNote,
  createInvoice,
  createProduct,
  deleteClient,
  deleteInvoice,
  deleteProduct,
  getClient,
  getInvoice,
  getInvoiceSettings,
  getProduct,
  issueInvoice,
  listClients,
  listInvoices,
  listProducts,
  renderInvoicePdf,
  setProductArchived,
  updateClient,
  updateInvoice,
  updateInvoiceSettings,
  updateProduct,
  voidInvoice,
} from '@ai-service/financial-domain';
import type { OperationHandler } from '@ai-service/http';
import { contextOf, type HandlerDeps } from './context.ts';
import { presentClient, presentInvoice, presentInvoiceSettings, presentProduct } from './present-invoices.ts';

type Schemas = FinancialComponents['schemas'];
type ClientParams = { clientId: string };
type ProductParams = { productId: string };
type InvoiceParams = { invoiceId: string };
type ClientQuery = NonNullable<FinancialPaths['/v1/financial/clients']['get']['parameters']['query']>;
type InvoiceQuery = NonNullable<FinancialPaths['/v1/financial/invoices']['get']['parameters']['query']>;

function clientHandlers(deps: HandlerDeps): Record<string, OperationHandler> {
  return {
    listClients: async (request) => {
      const page = await listClients({ ctx: contextOf(deps, request), input: request.query as ClientQuery });
      return { items: page.items.map(presentClient), nextCursor: page.nextCursor };
    },
    createClient: async (request, reply) =>
      reply.code(201).send(presentClient(await createClient({ ctx: contextOf(deps, request), input: request.body as Schemas['ClientCreate'] }))),
    getClient: async (request) => presentClient(await getClient({ ctx: contextOf(deps, request), input: request.params as ClientParams })),
    updateClient: async (request) =>
      presentClient(await updateClient({ ctx: contextOf(deps, request), input: { ...(request.body as Schemas['ClientUpdate']), ...(request.params as ClientParams) } })),
    deleteClient: async (request, reply) => {
      await deleteClient({ ctx: contextOf(deps, request), input: request.params as ClientParams });
      return reply.code(204).send();
    },
  };
}

function productHandlers(deps: HandlerDeps): Record<string, OperationHandler> {
  return {
    listProducts: async (request) => ({
      items: (await listProducts({ ctx: contextOf(deps, request), input: request.query as { includeArchived: boolean } })).map(presentProduct),
    }),
    createProduct: async (request, reply) =>
      reply.code(201).send(presentProduct(await createProduct({ ctx: contextOf(deps, request), input: request.body as Schemas['ProductCreate'] }))),
    getProduct: async (request) => presentProduct(await getProduct({ ctx: contextOf(deps, request), input: request.params as ProductParams })),
    updateProduct: async (request) =>
      presentProduct(await updateProduct({ ctx: contextOf(deps, request), input: { ...(request.body as Schemas['ProductUpdate']), ...(request.params as ProductParams) } })),
    deleteProduct: async (request, reply) => {
      await deleteProduct({ ctx: contextOf(deps, request), input: request.params as ProductParams });
      return reply.code(204).send();
    },
    archiveProduct: async (request) =>
      presentProduct(await setProductArchived({ ctx: contextOf(deps, request), input: { ...(request.params as ProductParams), archived: true } })),
    unarchiveProduct: async (request) =>
      presentProduct(await setProductArchived({ ctx: contextOf(deps, request), input: { ...(request.params as ProductParams), archived: false } })),
  };
}

function invoiceDocumentHandlers(deps: HandlerDeps): Record<string, OperationHandler> {
  return {
    getInvoiceSettings: async (request) => presentInvoiceSettings(await getInvoiceSettings({ ctx: contextOf(deps, request) })),
    updateInvoiceSettings: async (request) =>
      presentInvoiceSettings(await updateInvoiceSettings({ ctx: contextOf(deps, request), input: request.body as Schemas['InvoiceSettingsInput'] })),
    listInvoices: async (request) => {
      const page = await listInvoices({ ctx: contextOf(deps, request), input: request.query as InvoiceQuery });
      return { items: page.items.map(presentInvoice), nextCursor: page.nextCursor };
    },
    createInvoice: async (request, reply) =>
      reply.code(201).send(presentInvoice(await createInvoice({ ctx: contextOf(deps, request), input: request.body as Schemas['InvoiceCreate'] }))),
    getInvoice: async (request) => presentInvoice(await getInvoice({ ctx: contextOf(deps, request), input: request.params as InvoiceParams })),
    updateInvoice: async (request) =>
      presentInvoice(await updateInvoice({ ctx: contextOf(deps, request), input: { ...(request.body as Schemas['InvoiceUpdate']), ...(request.params as InvoiceParams) } })),
    deleteInvoice: async (request, reply) => {
      await deleteInvoice({ ctx: contextOf(deps, request), input: request.params as InvoiceParams });
      return reply.code(204).send();
    },
    issueInvoice: async (request) => presentInvoice(await issueInvoice({ ctx: contextOf(deps, request), input: request.params as InvoiceParams })),
    voidInvoice: async (request) => presentInvoice(await voidInvoice({ ctx: contextOf(deps, request), input: request.params as InvoiceParams })),
    createCreditNote: async (request, reply) =>
      reply.code(201).send(presentInvoice(await createCreditNote({ ctx: contextOf(deps, request), input: request.params as InvoiceParams }))),
    getInvoicePdf: async (request, reply) => {
      const { filename, pdf } = await renderInvoicePdf({ ctx: contextOf(deps, request), input: request.params as InvoiceParams });
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
    },
  };
}

/** Clients, products, invoice settings, invoices and credit notes (openapi/financial/invoices.yaml). */
export function invoiceHandlers(deps: HandlerDeps): Record<string, OperationHandler> {
  return { ...clientHandlers(deps), ...productHandlers(deps), ...invoiceDocumentHandlers(deps) };
}
