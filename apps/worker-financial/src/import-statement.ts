import { parseEvent } from '@ai-service/contracts/events';
import type { Database } from '@ai-service/db';
import { runImport, type Clock, type ImportPhase } from '@ai-service/financial-domain';
import { JobsError, type JobHandler } from '@ai-service/jobs';
import { currentTraceId } from '@ai-service/observability';
import type { EventDelivery } from '@ai-service/outbox';

export type ImportStatementDeps = { db: Database; clock: Clock };

/**
 * StatementImportRequested (from financial-svc's outbox): runs the accepted import (runImport) as
 * the system, on behalf of the user who uploaded it. A refused file ends the import as failed (in
 * its record, not in the dead letter); a passing failure (the database away) is retried by the
 * queue, and the retry starts over. The import commits a StatementImported, whose subscription
 * categorizes what its rules left uncategorized.
 *
 * Not an inbox consumer (eventHandler): an import runs for seconds to minutes in transactions of
 * its own and is not a small database effect to record once; runImport is idempotent instead (a
 * finished import is not run again), so a redelivery is harmless.
 */
export function statementImportRequestedHandler(deps: ImportStatementDeps): JobHandler<EventDelivery> {
  return async (delivery, context) => {
    const { tenantId, importId } = requestedImport(delivery);
    const ctx = { db: deps.db, clock: deps.clock, tenantId, actorId: null, traceId: currentTraceId() };
    const phasesMs: Partial<Record<ImportPhase, number>> = {};
    const view = await runImport({ ctx, input: { importId, onPhase: (phase, ms) => void (phasesMs[phase] = Math.round((phasesMs[phase] ?? 0) + ms)) } });
    context.logger.info({ importId: view.id, status: view.status, ...view.outcome, errors: view.outcome.errors.length, phasesMs }, 'statement import finished');
    return { status: view.status, created: view.outcome.created, duplicates: view.outcome.duplicates, replaced: view.outcome.replaced };
  };
}

/** The import a delivered StatementImportRequested asks for; anything else can never succeed. */
function requestedImport(delivery: EventDelivery | undefined): { tenantId: string; importId: string } {
  const parsed = parseEvent(delivery?.event);
  if (!parsed.ok || parsed.event.type !== 'StatementImportRequested') {
    throw new JobsError('permanent_failure', `not a StatementImportRequested event: ${parsed.ok ? parsed.event.type : parsed.problems.join('; ')}`);
  }
  return { tenantId: parsed.event.tenantId, importId: parsed.event.payload.importId };
}
