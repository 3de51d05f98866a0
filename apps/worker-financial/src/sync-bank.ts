import type { Database } from '@ai-service/db';
import { isFinancialError, syncBankConnection, type BankSyncDeps, type Clock, type SyncJob } from '@ai-service/financial-domain';
import { JobsError, type JobHandler } from '@ai-service/jobs';
import { currentTraceId } from '@ai-service/observability';
import { Counter, type Registry } from 'prom-client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type SyncBankDeps = { db: Database; clock: Clock; bankSync: BankSyncDeps; registry: Registry };

function syncedCounter(registry: Registry): Counter<'provider' | 'status'> {
  return (
    (registry.getSingleMetric('transactions_synced_total') as Counter<'provider' | 'status'> | undefined) ??
    new Counter({
      name: 'transactions_synced_total',
      help: 'Transactions bank sync brought in, by provider and outcome (created, booked: a pending one came back booked, duplicate: already there)',
      labelNames: ['provider', 'status'] as const,
      registers: [registry],
    })
  );
}

/**
 * syncBank: syncs one connection (syncBankConnection) as the system. A provider's 429 puts the job
 * back until the provider's reset, without using up an attempt; a passing provider failure is
 * retried with the queue's backoff; anything else (consent expired, bad credentials, a deleted
 * connection) fails for good, into the dead letter.
 */
export function syncBankHandler(deps: SyncBankDeps): JobHandler<SyncJob> {
  const synced = syncedCounter(deps.registry);
  return async (job, context) => {
    if (!UUID.test(String(job?.tenantId)) || !UUID.test(String(job?.connectionId))) throw new JobsError('permanent_failure', 'syncBank needs { tenantId, connectionId }');
    const ctx = { db: deps.db, clock: deps.clock, tenantId: job.tenantId, actorId: null, traceId: currentTraceId(), bankSync: deps.bankSync };
    try {
      const outcome = await syncBankConnection({ ctx, input: { connectionId: job.connectionId, trigger: job.trigger === 'manual' ? 'manual' : 'schedule' } });
      for (const account of outcome.accounts) {
        synced.inc({ provider: outcome.provider, status: 'created' }, account.created);
        synced.inc({ provider: outcome.provider, status: 'booked' }, account.booked);
        synced.inc({ provider: outcome.provider, status: 'duplicate' }, account.duplicates);
      }
      return { accounts: outcome.accounts.length, created: outcome.accounts.reduce((sum, account) => sum + account.created, 0) };
    } catch (error) {
      if (isFinancialError(error, 'rate_limited')) {
        const seconds = Number(error.details?.['retryAfterSeconds'] ?? 60);
        context.logger.info({ connectionId: job.connectionId, retryAfterSeconds: seconds }, 'bank provider rate limit: sync deferred until its reset');
        return context.defer(seconds * 1000);
      }
      if (isFinancialError(error, 'provider_error') && error.details?.['retryable'] === true) throw error;
      if (isFinancialError(error)) throw new JobsError('permanent_failure', `${error.code}: ${error.message}`);
      throw error;
    }
  };
}
