import type { FinancialComponents } from '@ai-service/contracts';
import {
  deleteExchangeRate,
  getSettings,
  importExchangeRates,
  invalidInput,
  listExchangeRates,
  setExchangeRate,
  updateSettings,
  type ExchangeRateView,
  type ListExchangeRatesInput,
  type SettingsView,
} from '@ai-service/financial-domain';
import { problem, sendProblem, type OperationHandler } from '@ai-service/http';
import type { FastifyRequest } from 'fastify';
import { contextOf, type HandlerDeps } from './context.ts';

type Schemas = FinancialComponents['schemas'];

const presentSettings = (view: SettingsView): Schemas['FinancialSettings'] => ({ baseCurrency: view.baseCurrency, updatedAt: view.updatedAt?.toISOString() ?? null });

const presentRate = (view: ExchangeRateView): Schemas['ExchangeRate'] => ({ ...view, createdAt: view.createdAt.toISOString(), updatedAt: view.updatedAt.toISOString() });

/** The one file of the upload (multipart bodies skip schema validation, so the field is checked here). */
async function readRatesFile(request: FastifyRequest): Promise<Buffer> {
  let file: Buffer | undefined;
  for await (const part of request.parts()) {
    if (part.type !== 'file') continue;
    if (part.fieldname !== 'file') throw invalidInput(part.fieldname, `Send the rates in the field "file", not "${part.fieldname}".`);
    file = await part.toBuffer();
  }
  if (!file) throw invalidInput('file', 'file is required: the ECB CSV to import.');
  return file;
}

/** Base currency and exchange rates (openapi/financial/currencies.yaml). */
export function currencyHandlers(deps: HandlerDeps): Record<string, OperationHandler> {
  return {
    getFinancialSettings: async (request) => presentSettings(await getSettings({ ctx: contextOf(deps, request) })),
    updateFinancialSettings: async (request) =>
      presentSettings(await updateSettings({ ctx: contextOf(deps, request), input: request.body as Schemas['FinancialSettingsUpdate'] })),
    listExchangeRates: async (request) => {
      const page = await listExchangeRates({ ctx: contextOf(deps, request), input: request.query as ListExchangeRatesInput });
      return { items: page.items.map(presentRate), nextCursor: page.nextCursor };
    },
    setExchangeRate: async (request, reply) => {
      const { rate, created } = await setExchangeRate({ ctx: contextOf(deps, request), input: request.body as Schemas['ExchangeRateInput'] });
      return reply.code(created ? 201 : 200).send(presentRate(rate));
    },
    importExchangeRates: async (request, reply) => {
      if (!request.isMultipart()) return sendProblem(request, reply, problem(415, 'Upload the rates as multipart/form-data with the field file.'));
      return importExchangeRates({ ctx: contextOf(deps, request), input: { file: await readRatesFile(request) } });
    },
    deleteExchangeRate: async (request, reply) => {
      await deleteExchangeRate({ ctx: contextOf(deps, request), input: request.params as { rateId: string } });
      return reply.code(204).send();
    },
  };
}
