import type { Transaction } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { transactions } from '../db/schema/ledger.ts';

/** A transaction to categorize, by what identifies its counterparty: the linked one, and the written name (normalized; null when empty). */
export type HistorySubject = { id: string; counterpartyId: string | null; counterpartyKey: string | null };

/** A categorized transaction that teaches the history; `order` sorts newest first (booking date, then creation, then id). */
export type HistoryEntry = { id: string; categoryId: string; order: string };

/** Counterparties or names per statement: each is a branch of its own (see loadCounterpartyHistory). */
const KEYS_PER_STATEMENT = 200;

/**
 * For each linked counterparty and each normalized name (`counterparty_key`), its `depth` latest
 * categorized live transactions whose category people, rules or history chose (the AI's choices
 * do not teach).
 *
 * One branch per counterparty or name, its key a constant (UNION ALL), not a join with the list of
 * keys: with a join, on a table without statistics (a new install, a table an import just filled)
 * the planner may prefer reading the whole tenant and filtering by key, once per key. With a
 * constant, the key is always an index condition, and the history indexes (ledger.ts) are in the
 * query's order, so each branch reads `depth` rows and no plan needs a sort.
 */
export async function loadCounterpartyHistory(
  tx: Transaction,
  tenantId: string,
  keys: { counterpartyIds: readonly string[]; names: readonly string[] },
  depth: number,
): Promise<{ byCounterpartyId: Map<string, HistoryEntry[]>; byName: Map<string, HistoryEntry[]> }> {
  const history = { byCounterpartyId: new Map<string, HistoryEntry[]>(), byName: new Map<string, HistoryEntry[]>() };
  const latest = (kind: 'counterparty' | 'name', key: string) => sql`(
    select ${kind}::text as kind, ${key}::text as ref, o.id, o.category_id as "categoryId",
           -- Sorts like the ORDER BY when compared as text, descending.
           to_char(o.booking_date, 'YYYY-MM-DD') || to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || o.id::text as "order"
      from ${transactions} o
     where o.tenant_id = ${tenantId} and ${kind === 'counterparty' ? sql`o.counterparty_id = ${key}::uuid` : sql`o.counterparty_key = ${key}::text`}
       and o.deleted_at is null and o.category_id is not null and o.category_provenance in ('user', 'rule', 'history')
     order by o.booking_date desc nulls last, o.created_at desc nulls last, o.id desc nulls last
     limit ${depth})`;
  const branches = [...keys.counterpartyIds.map((key) => latest('counterparty', key)), ...keys.names.map((key) => latest('name', key))];
  for (let start = 0; start < branches.length; start += KEYS_PER_STATEMENT) {
    const { rows } = await tx.execute<{ kind: 'counterparty' | 'name'; ref: string; id: string; categoryId: string; order: string }>(
      sql.join(branches.slice(start, start + KEYS_PER_STATEMENT), sql` union all `),
    );
    for (const row of rows) {
      const map = row.kind === 'counterparty' ? history.byCounterpartyId : history.byName;
      const entry = { id: row.id, categoryId: row.categoryId, order: row.order };
      const list = map.get(row.ref);
      if (list) list.push(entry);
      else map.set(row.ref, [entry]);
    }
  }
  return history;
}
