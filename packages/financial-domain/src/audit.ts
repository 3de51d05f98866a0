import type { Transaction } from '@ai-service/db';
import type { FinancialContext } from './context.ts';
import { eventLog } from './db/schema/core.ts';

export type AuditEntry = {
  /** What happened, past tense: `AccountCreated`, `TransactionUpdated`, … */
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload?: Record<string, unknown>;
};

/**
 * Appends to financial.event_log inside the caller's transaction (so the audit row exists if and
 * only if the change committed), with the actor, the trace and the context's clock.
 */
export async function audit(tx: Transaction, ctx: FinancialContext, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const rows = [entries].flat().map((entry) => ({
    type: entry.type,
    aggregateType: entry.aggregateType,
    aggregateId: entry.aggregateId,
    payload: entry.payload ?? {},
    actor: ctx.actorId,
    tenantId: ctx.tenantId,
    traceId: ctx.traceId ?? null,
    occurredAt: ctx.clock(),
  }));
  if (rows.length > 0) await tx.insert(eventLog).values(rows);
}

/** The fields that differ between `before` and `after`, as `{ field: { from, to } }`, for update audit rows. */
export function changes<T extends Record<string, unknown>>(before: T, after: T): Record<string, { from: unknown; to: unknown }> {
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) diff[key] = { from: before[key] ?? null, to: after[key] ?? null };
  }
  return diff;
}
