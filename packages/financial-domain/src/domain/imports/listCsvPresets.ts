import { BUILT_IN_CSV_PRESETS } from '@ai-service/statement-import';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { listCsvPresetRows } from '../../repositories/imports.ts';
import { builtInPresetView, toCsvPresetView, type CsvPresetView } from './presetView.ts';

/** The built-in presets, then the tenant's own by name. */
export async function listCsvPresets({ ctx }: { ctx: FinancialContext }): Promise<CsvPresetView[]> {
  const own = await withTenantTx(ctx, (tx) => listCsvPresetRows(tx));
  return [...BUILT_IN_CSV_PRESETS.map(builtInPresetView), ...own.map(toCsvPresetView)];
}
