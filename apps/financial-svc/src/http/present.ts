import type { FinancialComponents } from '@ai-service/contracts';
import type { AccountView, CategoryView, CounterpartyView, TagView, TransactionView, TransferView } from '@ai-service/financial-domain';

type Schemas = FinancialComponents['schemas'];

/** Domain views → the JSON shapes of openapi/financial (timestamps as ISO strings). */

export const presentAccount = (view: AccountView): Schemas['Account'] => ({
  ...view,
  archivedAt: view.archivedAt?.toISOString() ?? null,
  createdAt: view.createdAt.toISOString(),
  updatedAt: view.updatedAt.toISOString(),
});

export const presentTransaction = (view: TransactionView): Schemas['Transaction'] => ({
  ...view,
  createdAt: view.createdAt.toISOString(),
  updatedAt: view.updatedAt.toISOString(),
});

export const presentTransfer = (view: TransferView): Schemas['Transfer'] => ({
  transferId: view.transferId,
  outgoing: presentTransaction(view.outgoing),
  incoming: presentTransaction(view.incoming),
});

export const presentCategory = (view: CategoryView): Schemas['Category'] => ({
  ...view,
  createdAt: view.createdAt.toISOString(),
  updatedAt: view.updatedAt.toISOString(),
});

export const presentTag = (view: TagView): Schemas['Tag'] => ({ ...view, createdAt: view.createdAt.toISOString(), updatedAt: view.updatedAt.toISOString() });

export const presentCounterparty = (view: CounterpartyView): Schemas['Counterparty'] => ({
  ...view,
  createdAt: view.createdAt.toISOString(),
  updatedAt: view.updatedAt.toISOString(),
});
