import type { Database } from '@ai-service/db';
import { runImport, type CategorizationQueue, type Clock, type ImportJob, type ImportPhase } from '@ai-service/financial-domain';
import { JobsError, type JobHandler } from '@ai-service/jobs';
import { currentTraceId } from '@ai-service/observability';

export type ImportStatementDeps = { db: Database; clock: Clock; categorizationQueue: CategorizationQueue };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * importStatement: runs one accepted import (runImport) as the system, on behalf of the user who
 * uploaded it. A refused file ends the import as failed (in its record, not in the dead letter);
 * a passing failure (the database away) is retried by the queue, and the retry starts over.
 * The import queues the categorization of what its rules left uncategorized (autoCategorize).
 */
export function importStatementHandler(deps: ImportStatementDeps): JobHandler<ImportJob> {
  return async (job, context) => {
    if (!UUID.test(String(job?.tenantId)) || !UUID.test(String(job?.importId))) throw new JobsError('permanent_failure', 'importStatement needs { tenantId, importId }');
    const ctx = { db: deps.db, clock: deps.clock, tenantId: job.tenantId, actorId: null, traceId: currentTraceId(), categorizationQueue: deps.categorizationQueue };
    const phasesMs: Partial<Record<ImportPhase, number>> = {};
    const view = await runImport({ ctx, input: { importId: job.importId, onPhase: (phase, ms) => void (phasesMs[phase] = Math.round((phasesMs[phase] ?? 0) + ms)) } });
    context.logger.info({ importId: view.id, status: view.status, ...view.outcome, errors: view.outcome.errors.length, phasesMs }, 'statement import finished');
    return { status: view.status, created: view.outcome.created, duplicates: view.outcome.duplicates, replaced: view.outcome.replaced };
  };
}
