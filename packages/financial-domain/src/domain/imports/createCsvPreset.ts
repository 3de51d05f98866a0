import { randomUUID } from 'node:crypto';
import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { conflictOnDuplicate } from '../../db-errors.ts';
import { insertCsvPreset } from '../../repositories/imports.ts';
import { parseCsvMapping } from './mapping.ts';
import { toCsvPresetView, type CsvPresetView } from './presetView.ts';

export type CreateCsvPresetInput = { name: string; bank?: string | null | undefined; mapping: unknown };

export async function createCsvPreset({ ctx, input }: { ctx: FinancialContext; input: CreateCsvPresetInput }): Promise<CsvPresetView> {
  const mapping = parseCsvMapping('mapping', input.mapping);
  const name = input.name.trim();
  return withTenantTx(ctx, async (tx) => {
    const row = await conflictOnDuplicate(
      () => insertCsvPreset(tx, { id: randomUUID(), tenantId: ctx.tenantId, name, bank: input.bank?.trim() || null, mapping }),
      `A CSV preset named "${name}" exists.`,
      'name',
    );
    await audit(tx, ctx, { type: 'CsvPresetCreated', aggregateType: 'csv_preset', aggregateId: row.id, payload: { name, bank: row.bank, mapping } });
    return toCsvPresetView(row);
  });
}
