import { parseEvent, type EventPayload } from '@ai-service/contracts/events';
import type { Database } from '@ai-service/db';
import { categorizeImport, categorizeTransactions, type CategorySuggester, type Clock, type CategorizeResult, type FinancialContext } from '@ai-service/financial-domain';
import { JobsError, type JobContext, type JobHandler } from '@ai-service/jobs';
import { currentTraceId } from '@ai-service/observability';
import type { EventDelivery } from '@ai-service/outbox';
import { Histogram, type Registry } from 'prom-client';

export type AutoCategorizeDeps = { db: Database; clock: Clock; registry: Registry; ai?: CategorySuggester | undefined };

/**
 * autoCategorize's data: transactions of one tenant (a backfill's), or an import, whose
 * transactions still uncategorized are taken (what StatementImported does for each new import).
 */
export type AutoCategorizeJob = { tenantId: string; transactionIds: string[] } | { tenantId: string; importId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TRANSACTIONS_PER_JOB = 5000;

/**
 * Per transaction, from the start of its categorization run until its category was decided and
 * committed, by the layer that decided (rule, history, ai, uncategorized). A run's transactions
 * decided by rules or history share that phase's time; those sent to the AI include its answer.
 * Transactions the run leaves alone (a user's choice, split ones) are not observed.
 */
function latencyHistogram(registry: Registry): Histogram<'layer'> {
  return (
    (registry.getSingleMetric('categorization_latency_ms') as Histogram<'layer'> | undefined) ??
    new Histogram({
      name: 'categorization_latency_ms',
      help: 'Milliseconds from the start of a categorization run until each transaction was categorized (or left uncategorized), by deciding layer',
      labelNames: ['layer'] as const,
      buckets: [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000],
      registers: [registry],
    })
  );
}

type Categorize = (ctx: FinancialContext, ai: CategorySuggester | undefined) => Promise<CategorizeResult>;

function categorizer(deps: AutoCategorizeDeps) {
  const latency = latencyHistogram(deps.registry);
  return async (tenantId: string, categorize: Categorize, context: JobContext): Promise<CategorizeResult> => {
    const ctx = { db: deps.db, clock: deps.clock, tenantId, actorId: null, traceId: currentTraceId() };
    const result = await categorize(ctx, deps.ai);
    for (const outcome of result.outcomes) {
      if (outcome.layer !== 'user' && outcome.layer !== 'split') latency.observe({ layer: outcome.layer }, outcome.decidedAfterMs);
    }
    if (result.aiUnavailable) context.logger.warn({ tenantId }, 'ai-core unavailable: transactions left uncategorized by rules and history stay uncategorized');
    return result;
  };
}

const summary = (result: CategorizeResult) => ({
  changed: result.outcomes.filter((outcome) => outcome.changed).length,
  uncategorized: result.outcomes.filter((outcome) => outcome.layer === 'uncategorized').length,
});

/** autoCategorize: rules, then history, then ai-core (when configured) over the given transactions, or over an import's uncategorized ones. */
export function autoCategorizeHandler(deps: AutoCategorizeDeps): JobHandler<AutoCategorizeJob> {
  const categorize = categorizer(deps);
  return async (job, context) => {
    const data = (job ?? {}) as Partial<Record<'tenantId' | 'importId' | 'transactionIds', unknown>>;
    const ids = data.transactionIds;
    if (UUID.test(String(data.tenantId)) && UUID.test(String(data.importId)) && ids === undefined) {
      const importId = String(data.importId);
      return summary(await categorize(String(data.tenantId), (ctx, ai) => categorizeImport({ ctx, input: { importId }, ai }), context));
    }
    if (!UUID.test(String(data.tenantId)) || !Array.isArray(ids) || ids.length > MAX_TRANSACTIONS_PER_JOB || !ids.every((id) => UUID.test(String(id)))) {
      throw new JobsError('permanent_failure', `autoCategorize needs { tenantId, transactionIds (at most ${MAX_TRANSACTIONS_PER_JOB} uuids) } or { tenantId, importId }`);
    }
    const transactionIds = ids.map(String);
    return summary(await categorize(String(data.tenantId), (ctx, ai) => categorizeTransactions({ ctx, input: { transactionIds }, ai }), context));
  };
}

/**
 * The TransactionSynced subscription: categorizes each synced transaction (a statement import tells
 * its transactions in one StatementImported instead, see below). Not an inbox consumer
 * (eventHandler): the run calls ai-core over HTTP, which must not happen inside the inbox's
 * database transaction; it is idempotent instead (a category is only ever replaced by a more
 * trusted layer, the AI only fills empty ones, events only on change), so a redelivery is harmless.
 */
export function transactionSyncedHandler(deps: AutoCategorizeDeps): JobHandler<EventDelivery> {
  const categorize = categorizer(deps);
  return async (delivery, context) => {
    const parsed = parseEvent(delivery?.event);
    if (!parsed.ok || parsed.event.type !== 'TransactionSynced') {
      throw new JobsError('permanent_failure', `not a TransactionSynced event: ${parsed.ok ? parsed.event.type : parsed.problems.join('; ')}`);
    }
    const { transactionId } = parsed.event.payload as EventPayload<'TransactionSynced'>;
    return summary(await categorize(parsed.event.tenantId, (ctx, ai) => categorizeTransactions({ ctx, input: { transactionIds: [transactionId] }, ai }), context));
  };
}

/**
 * The StatementImported subscription: categorizes, in batches, the transactions of the import that
 * its rules left uncategorized. Idempotent like the TransactionSynced one (and for the same reason
 * not an inbox consumer).
 */
export function statementImportedHandler(deps: AutoCategorizeDeps): JobHandler<EventDelivery> {
  const categorize = categorizer(deps);
  return async (delivery, context) => {
    const parsed = parseEvent(delivery?.event);
    if (!parsed.ok || parsed.event.type !== 'StatementImported') {
      throw new JobsError('permanent_failure', `not a StatementImported event: ${parsed.ok ? parsed.event.type : parsed.problems.join('; ')}`);
    }
    const { importId, created } = parsed.event.payload as EventPayload<'StatementImported'>;
    if (created === 0) return { changed: 0, uncategorized: 0 };
    return summary(await categorize(parsed.event.tenantId, (ctx, ai) => categorizeImport({ ctx, input: { importId }, ai }), context));
  };
}
