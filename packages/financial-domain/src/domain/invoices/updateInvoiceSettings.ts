import { audit } from '../../audit.ts';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { invalidInput } from '../../errors.ts';
import { parseIban } from '../../iban.ts';
import { parseCurrency } from '../../money.ts';
import { upsertInvoiceSettings } from '../../repositories/invoiceSettings.ts';
import { parseLogo } from './logo.ts';
import { toInvoiceSettingsView, type InvoiceSettingsView } from './settingsView.ts';

export type UpdateInvoiceSettingsInput = {
  sellerName: string;
  sellerAddress?: Record<string, string> | null | undefined;
  sellerTaxId?: string | null | undefined;
  sellerEmail?: string | null | undefined;
  iban?: string | null | undefined;
  bic?: string | null | undefined;
  paymentInstructions?: string | null | undefined;
  defaultCurrency: string;
  defaultPaymentTermsDays?: number | undefined;
  invoiceNumberPrefix?: string | undefined;
  creditNoteNumberPrefix?: string | undefined;
  logo?: string | null | undefined;
};

/** Replaces the seller's settings as a whole (PUT). Issued documents keep the seller snapshot taken at issue. */
export async function updateInvoiceSettings({ ctx, input }: { ctx: FinancialContext; input: UpdateInvoiceSettingsInput }): Promise<InvoiceSettingsView> {
  const invoiceNumberPrefix = input.invoiceNumberPrefix ?? 'INV-{YYYY}-';
  const creditNoteNumberPrefix = input.creditNoteNumberPrefix ?? 'CN-{YYYY}-';
  // Both series would print the same numbers otherwise.
  if (invoiceNumberPrefix === creditNoteNumberPrefix) throw invalidInput('creditNoteNumberPrefix', 'creditNoteNumberPrefix must differ from invoiceNumberPrefix.');
  const logo = input.logo == null ? { logo: null, logoMediaType: null } : parseLogo('logo', input.logo);
  const row = {
    tenantId: ctx.tenantId,
    sellerName: input.sellerName.trim(),
    sellerAddress: input.sellerAddress ?? null,
    sellerTaxId: input.sellerTaxId ?? null,
    sellerEmail: input.sellerEmail ?? null,
    iban: parseIban('iban', input.iban) ?? null,
    bic: input.bic?.toUpperCase() ?? null,
    paymentInstructions: input.paymentInstructions ?? null,
    defaultCurrency: parseCurrency('defaultCurrency', input.defaultCurrency),
    defaultPaymentTermsDays: input.defaultPaymentTermsDays ?? 30,
    invoiceNumberPrefix,
    creditNoteNumberPrefix,
    ...logo,
  };
  return withTenantTx(ctx, async (tx) => {
    const saved = await upsertInvoiceSettings(tx, row);
    const { logo: _logo, ...audited } = row;
    await audit(tx, ctx, { type: 'InvoiceSettingsUpdated', aggregateType: 'invoice_settings', aggregateId: ctx.tenantId, payload: { settings: { ...audited, hasLogo: row.logo !== null } } });
    return toInvoiceSettingsView(saved);
  });
}
