import type { PartySnapshot } from '../../db/schema/invoices.ts';
import type { CounterpartyRow } from '../../repositories/counterparties.ts';
import type { InvoiceSettingsRow } from '../../repositories/invoiceSettings.ts';

/** The seller as printed: from the settings, or just a blank name before any are set. */
export const sellerSnapshot = (settings: InvoiceSettingsRow | undefined): PartySnapshot => ({
  name: settings?.sellerName ?? '',
  address: settings?.sellerAddress ?? null,
  taxId: settings?.sellerTaxId ?? null,
  email: settings?.sellerEmail ?? null,
  iban: settings?.iban ?? null,
  bic: settings?.bic ?? null,
  paymentInstructions: settings?.paymentInstructions ?? null,
});

export const clientSnapshot = (client: CounterpartyRow): PartySnapshot => ({
  name: client.name,
  address: client.address,
  taxId: client.taxId,
  email: client.email,
});
