import { builtInCsvPreset } from '@ai-service/statement-import';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { FinancialError, notFound } from '../../errors.ts';
import { UUID_PATTERN } from '../../pagination.ts';
import { deleteCsvPresetRow } from '../../repositories/imports.ts';

/** Deletes a saved preset; imports made with it keep the mapping they were read with. */
export async function deleteCsvPreset({ ctx, input }: { ctx: FinancialContext; input: { presetId: string } }): Promise<void> {
  if (builtInCsvPreset(input.presetId)) throw new FinancialError('conflict', `The built-in preset ${input.presetId} cannot be deleted.`);
  if (!UUID_PATTERN.test(input.presetId)) throw notFound('CSV preset', input.presetId);
  await withTenantTx(ctx, async (tx) => {
    if (!(await deleteCsvPresetRow(tx, input.presetId))) throw notFound('CSV preset', input.presetId);
    await audit(tx, ctx, { type: 'CsvPresetDeleted', aggregateType: 'csv_preset', aggregateId: input.presetId });
  });
}
