import { builtInCsvPreset } from '@ai-service/statement-import';
import { audit, changes } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { conflictOnDuplicate } from '../../db-errors.ts';
import { FinancialError, notFound } from '../../errors.ts';
import { UUID_PATTERN } from '../../pagination.ts';
import { findCsvPreset, updateCsvPresetRow } from '../../repositories/imports.ts';
import { parseCsvMapping } from './mapping.ts';
import { toCsvPresetView, type CsvPresetView } from './presetView.ts';

export type UpdateCsvPresetInput = { presetId: string; name?: string | undefined; bank?: string | null | undefined; mapping?: unknown };

export async function updateCsvPreset({ ctx, input }: { ctx: FinancialContext; input: UpdateCsvPresetInput }): Promise<CsvPresetView> {
  if (builtInCsvPreset(input.presetId)) throw new FinancialError('conflict', `The built-in preset ${input.presetId} cannot be changed; save a copy under another name.`);
  if (!UUID_PATTERN.test(input.presetId)) throw notFound('CSV preset', input.presetId);
  const patch = {
    ...(input.name === undefined ? {} : { name: input.name.trim() }),
    ...(input.bank === undefined ? {} : { bank: input.bank?.trim() || null }),
    ...(input.mapping === undefined ? {} : { mapping: parseCsvMapping('mapping', input.mapping) }),
  };
  return withTenantTx(ctx, async (tx) => {
    const before = await findCsvPreset(tx, input.presetId);
    if (!before) throw notFound('CSV preset', input.presetId);
    const row = await conflictOnDuplicate(async () => (await updateCsvPresetRow(tx, input.presetId, patch))!, `A CSV preset named "${patch.name}" exists.`, 'name');
    await audit(tx, ctx, { type: 'CsvPresetUpdated', aggregateType: 'csv_preset', aggregateId: row.id, payload: changes(before, row) });
    return toCsvPresetView(row);
  });
}
