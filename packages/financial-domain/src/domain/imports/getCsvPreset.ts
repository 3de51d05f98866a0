import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findPreset } from './mapping.ts';
import type { CsvPresetView } from './presetView.ts';

export async function getCsvPreset({ ctx, input }: { ctx: FinancialContext; input: { presetId: string } }): Promise<CsvPresetView> {
  const preset = await withTenantTx(ctx, (tx) => findPreset(tx, input.presetId));
  if (!preset) throw notFound('CSV preset', input.presetId);
  return preset;
}
