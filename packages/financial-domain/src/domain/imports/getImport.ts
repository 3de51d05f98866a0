import { withTenantTx, type FinancialContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { findImportSummary } from '../../repositories/imports.ts';
import { toImportView, type ImportView } from './view.ts';

export async function getImport({ ctx, input }: { ctx: FinancialContext; input: { importId: string } }): Promise<ImportView> {
  const row = await withTenantTx(ctx, (tx) => findImportSummary(tx, input.importId));
  if (!row) throw notFound('import', input.importId);
  return toImportView(row);
}
