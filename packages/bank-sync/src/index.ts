export { BankSyncError, isBankSyncError, type BankSyncErrorCode } from './errors.ts';
export type { BankConnection, DateRange, FetchedTransactions, ProviderAccount, ProviderBalance, ProviderName, SyncedRow } from './types.ts';
export type { HttpOptions } from './http/transport.ts';
export {
  createGoCardlessClient,
  GOCARDLESS_API_BASE,
  type CreateAgreementInput,
  type CreateRequisitionInput,
  type GoCardlessClient,
  type GoCardlessClientOptions,
} from './gocardless/client.ts';
export { goCardlessConnection, requisitionState, type ConnectionState } from './gocardless/connection.ts';
export type { Agreement, Institution, Requisition, RequisitionStatus } from './gocardless/schemas.ts';
export { claimSimpleFinAccessUrl, decodeSetupToken } from './simplefin/claim.ts';
export { createSimpleFinClient, type SimpleFinClient } from './simplefin/client.ts';
export { SIMPLEFIN_MAX_WINDOW_DAYS, simpleFinConnection, type SimpleFinConnectionOptions } from './simplefin/connection.ts';
export { addDays as addDaysToDate } from './fields.ts';
