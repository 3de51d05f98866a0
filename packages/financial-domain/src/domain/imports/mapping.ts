import type { Transaction } from '@ai-service/db';
import { builtInCsvPreset, csvMappingSchema, type CsvMapping } from '@ai-service/statement-import';
import { FinancialError, invalidInput } from '../../errors.ts';
import { UUID_PATTERN } from '../../pagination.ts';
import { findCsvPreset } from '../../repositories/imports.ts';
import { builtInPresetView, toCsvPresetView, type CsvPresetView } from './presetView.ts';

/** A mapping from the API, checked; a problem names `field` and the path inside it. */
export function parseCsvMapping(field: string, value: unknown): CsvMapping {
  const parsed = csvMappingSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const path = [field, ...(issue?.path ?? [])].join('.');
  throw invalidInput(path, `${path}: ${issue?.message ?? 'is not a CSV mapping'}`);
}

/** A built-in preset by its slug, or one of the tenant's by its id; undefined when neither. */
export async function findPreset(tx: Transaction, presetId: string): Promise<CsvPresetView | undefined> {
  const builtIn = builtInCsvPreset(presetId);
  if (builtIn) return builtInPresetView(builtIn);
  if (!UUID_PATTERN.test(presetId)) return undefined;
  const row = await findCsvPreset(tx, presetId);
  return row && toCsvPresetView(row);
}

/** The mapping an import reads its CSV with: the preset's, with the request's own mapping laid over it. */
export async function resolveImportMapping(tx: Transaction, presetId: string | undefined, mapping: unknown): Promise<CsvMapping | undefined> {
  const own = mapping === undefined ? undefined : parseCsvMapping('mapping', mapping);
  if (presetId === undefined) return own;
  const preset = await findPreset(tx, presetId);
  if (!preset) throw new FinancialError('invalid_input', `No CSV preset ${presetId} in this tenant.`, { field: 'presetId' });
  if (!own) return preset.mapping;
  return { ...preset.mapping, ...own, columns: { ...preset.mapping.columns, ...own.columns } };
}
