import multipart from '@fastify/multipart';
import type { FinancialComponents } from '@ai-service/contracts';
import {
  createCsvPreset,
  createImport,
  deleteCsvPreset,
  getCsvPreset,
  getImport,
  IMPORT_FORMATS,
  invalidInput,
  listCsvPresets,
  listImports,
  updateCsvPreset,
  type CreateImportInput,
  type CsvPresetView,
  type ImportFormat,
  type ImportView,
} from '@ai-service/financial-domain';
import { problem, sendProblem, type OperationHandler } from '@ai-service/http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { contextOf, type HandlerDeps } from './context.ts';

type Schemas = FinancialComponents['schemas'];
type PresetParams = { presetId: string };

/** Largest statement file accepted: a 100,000-row CSV export is about 10 MB. */
export const MAX_STATEMENT_BYTES = 25 * 1024 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** multipart/form-data for POST /v1/financial/imports: one file, a few text fields. */
export async function registerImportUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, { limits: { fileSize: MAX_STATEMENT_BYTES, files: 1, fields: 10, parts: 11 } });
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

const presentImport = (view: ImportView): Schemas['Import'] => ({
  ...view,
  createdAt: view.createdAt.toISOString(),
  startedAt: iso(view.startedAt),
  finishedAt: iso(view.finishedAt),
});

const presentPreset = (view: CsvPresetView): Schemas['CsvPreset'] => ({ ...view, createdAt: iso(view.createdAt), updatedAt: iso(view.updatedAt) });

/** The upload's fields, checked as the spec's ImportUpload describes them (multipart bodies skip schema validation). */
async function readUpload(request: FastifyRequest): Promise<CreateImportInput> {
  const fields = new Map<string, string>();
  let file: { data: Buffer; name: string } | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') throw invalidInput(part.fieldname, `Send the statement in the field "file", not "${part.fieldname}".`);
      file = { data: await part.toBuffer(), name: part.filename };
    } else {
      fields.set(part.fieldname, String(part.value));
    }
  }
  if (!file) throw invalidInput('file', 'file is required: the statement to import.');
  const accountId = fields.get('accountId');
  if (!accountId || !UUID.test(accountId)) throw invalidInput('accountId', 'accountId must be the id of an account.');
  const format = fields.get('format');
  if (format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(format)) throw invalidInput('format', `format must be one of ${IMPORT_FORMATS.join(', ')}.`);
  const mappingText = fields.get('mapping');
  let mapping: unknown;
  if (mappingText !== undefined) {
    try {
      mapping = JSON.parse(mappingText);
    } catch {
      throw invalidInput('mapping', 'mapping must be a CSV mapping as JSON.');
    }
  }
  const presetId = fields.get('presetId');
  return {
    accountId,
    file: file.data,
    fileName: file.name || null,
    ...(format === undefined ? {} : { format: format as ImportFormat }),
    ...(presetId ? { presetId } : {}),
    ...(mapping === undefined ? {} : { mapping }),
  };
}

/** Statement imports and CSV presets (openapi/financial/imports.yaml). */
export function importHandlers(deps: HandlerDeps): Record<string, OperationHandler> {
  return {
    createImport: async (request, reply) => {
      if (!request.isMultipart()) return sendProblem(request, reply, problem(415, 'Upload the statement as multipart/form-data with the fields file and accountId.'));
      const input = await readUpload(request);
      return reply.code(202).send(presentImport(await createImport({ ctx: contextOf(deps, request), input })));
    },
    getImport: async (request) => presentImport(await getImport({ ctx: contextOf(deps, request), input: request.params as { importId: string } })),
    listImports: async (request) => {
      const page = await listImports({ ctx: contextOf(deps, request), input: request.query as { limit?: number; cursor?: string } });
      return { items: page.items.map(presentImport), nextCursor: page.nextCursor };
    },
    listImportPresets: async (request) => ({ items: (await listCsvPresets({ ctx: contextOf(deps, request) })).map(presentPreset) }),
    createImportPreset: async (request, reply) =>
      reply.code(201).send(presentPreset(await createCsvPreset({ ctx: contextOf(deps, request), input: request.body as Schemas['CsvPresetCreate'] }))),
    getImportPreset: async (request) => presentPreset(await getCsvPreset({ ctx: contextOf(deps, request), input: request.params as PresetParams })),
    updateImportPreset: async (request) =>
      presentPreset(
        await updateCsvPreset({ ctx: contextOf(deps, request), input: { ...(request.body as Schemas['CsvPresetUpdate']), ...(request.params as PresetParams) } }),
      ),
    deleteImportPreset: async (request, reply) => {
      await deleteCsvPreset({ ctx: contextOf(deps, request), input: request.params as PresetParams });
      return reply.code(204).send();
    },
  };
}
