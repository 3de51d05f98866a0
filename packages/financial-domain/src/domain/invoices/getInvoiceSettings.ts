import { withTenantTx, type FinancialContext } from '../../context.ts';
import { FinancialError } from '../../errors.ts';
import { findInvoiceSettings } from '../../repositories/invoiceSettings.ts';
import { toInvoiceSettingsView, type InvoiceSettingsView } from './settingsView.ts';

export async function getInvoiceSettings({ ctx }: { ctx: FinancialContext }): Promise<InvoiceSettingsView> {
  const row = await withTenantTx(ctx, (tx) => findInvoiceSettings(tx));
  if (!row) throw new FinancialError('not_found', 'Invoice settings are not set yet; PUT them first.');
  return toInvoiceSettingsView(row);
}
