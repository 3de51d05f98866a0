import type { Transaction } from '@ai-service/db';
import { sql, type SQL } from 'drizzle-orm';
import { eventLog } from '../db/schema/core.ts';
import type { CategoryProvenance } from '../db/schema/ledger.ts';
import { sqlArray } from './sqlArray.ts';

/** A category change of one transaction, as TransactionCategorized tells it. */
export type CategoryChange = {
  transactionId: string;
  categoryId: string | null;
  previousCategoryId: string | null;
  provenance: CategoryProvenance;
  ruleId: string | null;
};

// An import's categorization records up to 1,000 changes at a time: their events and audit rows
// are built by the database from one array per field, instead of 1,000 payloads built, validated
// and sent by Node (appendEvents, audit). The tests parse the events written with the catalogue.

/** The changes as rows (id, category_id, previous, provenance, rule_id, ord), in their order. */
function changeRows(changes: readonly CategoryChange[]): SQL {
  const column = <K extends keyof CategoryChange>(key: K, type: string) => sqlArray(changes.map((change) => change[key]), type);
  return sql`select * from unnest(${column('transactionId', 'uuid')}, ${column('categoryId', 'uuid')}, ${column('previousCategoryId', 'uuid')},
                                  ${column('provenance', 'text')}, ${column('ruleId', 'uuid')}) with ordinality as c(id, category_id, previous, provenance, rule_id, ord)`;
}

/** The TransactionCategorized events of the changes, as appendEventsFrom reads them: the payload is the change. */
export function categorizedEventRows(changes: readonly CategoryChange[]): SQL {
  return sql`
    select c.id::text as aggregate_id,
           jsonb_build_object('transactionId', c.id, 'categoryId', c.category_id, 'previousCategoryId', c.previous, 'provenance', c.provenance, 'ruleId', c.rule_id) as payload
      from (${changeRows(changes)}) c
     order by c.ord`;
}

/**
 * One `TransactionCategorized` audit row per change, as audit() writes it: the transaction is the
 * aggregate, the rest of the change the payload.
 */
export async function insertCategorizationAudit(
  tx: Transaction,
  entry: { tenantId: string; actor: string | null; traceId: string | null; occurredAt: Date },
  changes: readonly CategoryChange[],
): Promise<void> {
  if (changes.length === 0) return;
  await tx.execute(sql`
    insert into ${eventLog} (occurred_at, type, aggregate_type, aggregate_id, payload, actor, tenant_id, trace_id)
    select ${entry.occurredAt.toISOString()}::timestamptz, 'TransactionCategorized', 'transaction', c.id::text,
           jsonb_build_object('categoryId', c.category_id, 'previousCategoryId', c.previous, 'provenance', c.provenance, 'ruleId', c.rule_id),
           ${entry.actor}, ${entry.tenantId}::uuid, ${entry.traceId}
      from (${changeRows(changes)}) c
     order by c.ord`);
}
