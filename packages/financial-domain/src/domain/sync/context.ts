import type { GoCardlessClient, HttpOptions } from '@ai-service/bank-sync';
import type { FinancialContext } from '../../context.ts';
import type { SyncTrigger } from '../../db/schema/sync.ts';
import type { SecretsKey } from './secrets.ts';

/** One syncBank job: every linked account of one connection. */
export type SyncJob = { tenantId: string; connectionId: string; trigger: SyncTrigger };

/** How bank sync reaches the queue (packages/jobs in the services; a recorder in tests). */
export type SyncQueue = {
  enqueueSync: (job: SyncJob) => Promise<void>;
  /** Creates or updates the connection's job scheduler: a scheduled syncBank every `minutes`. */
  scheduleConnection: (job: SyncJob, minutes: number) => Promise<void>;
  unscheduleConnection: (connectionId: string) => Promise<void>;
};

/** What bank sync needs beyond the financial context; built once per process. */
export type BankSyncDeps = {
  secretsKey: SecretsKey | undefined;
  defaultIntervalMinutes: number;
  goCardlessApiUrl: string;
  /** Options of every provider client (tests: plain-HTTP replay servers, a clock). */
  http: HttpOptions;
  /** Absent in the worker, which never enqueues or schedules. */
  queue?: SyncQueue;
  /** GoCardless clients by tenant and credentials, so their tokens are reused across jobs. */
  goCardlessClients: Map<string, GoCardlessClient>;
};

export type SyncContext = FinancialContext & { bankSync: BankSyncDeps };

export function createBankSyncDeps(options: Omit<BankSyncDeps, 'goCardlessClients'>): BankSyncDeps {
  return { ...options, goCardlessClients: new Map() };
}
