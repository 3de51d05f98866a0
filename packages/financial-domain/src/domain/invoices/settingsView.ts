import type { InvoiceSettingsRow } from '../../repositories/invoiceSettings.ts';

export type InvoiceSettingsView = {
  sellerName: string;
  sellerAddress: Record<string, string> | null;
  sellerTaxId: string | null;
  sellerEmail: string | null;
  iban: string | null;
  bic: string | null;
  paymentInstructions: string | null;
  defaultCurrency: string;
  defaultPaymentTermsDays: number;
  invoiceNumberPrefix: string;
  creditNoteNumberPrefix: string;
  /** Base64 PNG or JPEG. */
  logo: string | null;
  logoMediaType: string | null;
  updatedAt: Date;
};

export const toInvoiceSettingsView = ({ tenantId: _tenantId, createdAt: _createdAt, ...view }: InvoiceSettingsRow): InvoiceSettingsView => view;
