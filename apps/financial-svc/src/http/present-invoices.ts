import type { FinancialComponents } from '@ai-service/contracts';
import type { ClientView, InvoiceSettingsView, InvoiceView, ProductView } from '@ai-service/financial-domain';

type Schemas = FinancialComponents['schemas'];

/** Invoicing views → the JSON shapes of openapi/financial/invoices.yaml (timestamps as ISO strings). */

export const presentClient = (view: ClientView): Schemas['Client'] => ({
  ...view,
  createdAt: view.createdAt.toISOString(),
  updatedAt: view.updatedAt.toISOString(),
});

export const presentProduct = (view: ProductView): Schemas['Product'] => ({
  ...view,
  archivedAt: view.archivedAt?.toISOString() ?? null,
  createdAt: view.createdAt.toISOString(),
  updatedAt: view.updatedAt.toISOString(),
});

export const presentInvoiceSettings = (view: InvoiceSettingsView): Schemas['InvoiceSettings'] => ({
  ...view,
  logoMediaType: view.logoMediaType as Schemas['InvoiceSettings']['logoMediaType'],
  updatedAt: view.updatedAt.toISOString(),
});

export const presentInvoice = (view: InvoiceView): Schemas['Invoice'] => ({
  ...view,
  paidAt: view.paidAt?.toISOString() ?? null,
  issuedAt: view.issuedAt?.toISOString() ?? null,
  voidedAt: view.voidedAt?.toISOString() ?? null,
  createdAt: view.createdAt.toISOString(),
  updatedAt: view.updatedAt.toISOString(),
});
