import type { Transaction } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { counterparties, tags, transactionTags, transactions } from '../db/schema/ledger.ts';
import { idArray } from './ruleSubjects.ts';
import { sqlArray } from './sqlArray.ts';

// Rule runs and categorization change many transactions at once (an import, an apply over a
// filter): each kind of change is one statement for the whole batch, its rows passed as arrays.
// Each statement also filters the transactions by `id = any(<the ids>)` on the primary key: the
// planner then reads exactly those rows whatever it believes about the table, where a join with
// the input alone let it loop over the whole table once per input row when its statistics were
// stale (a table an import just filled, a new install never analyzed): O(rows²). Where the ids are
// the inner side of a join, they are an array subquery instead (`any(array(select unnest(…)))`):
// a literal array of 1,000 ids looked less selective to that planner than the tenant, so it read
// the whole tenant's rows and filtered them (30 ms of each 1,000-row categorization, measured).

const json = (rows: unknown) => sql`${JSON.stringify(rows)}::jsonb`;

export type CategoryAssignment = { id: string; categoryId: string; provenance: 'rule' | 'history' | 'ai'; ruleId: string | null };

/**
 * Sets automatic categories, except on transactions whose category the user chose (checked in the
 * statement itself, so a user's edit committed meanwhile still wins). Returns what changed, with
 * the category each transaction had before.
 */
export async function assignCategories(
  tx: Transaction,
  rows: readonly CategoryAssignment[],
  { onlyUncategorized = false }: { onlyUncategorized?: boolean } = {},
): Promise<{ id: string; previousCategoryId: string | null }[]> {
  if (rows.length === 0) return [];
  const ids = sqlArray(rows.map((row) => row.id), 'uuid');
  const { rows: changed } = await tx.execute<{ id: string; previousCategoryId: string | null }>(sql`
    update ${transactions} t
       set category_id = i.category_id, category_provenance = i.provenance, category_rule_id = i.rule_id, updated_at = now()
      from (select i.*, cur.category_id as previous
              from unnest(${ids}, ${sqlArray(rows.map((row) => row.categoryId), 'uuid')}, ${sqlArray(rows.map((row) => row.provenance), 'text')},
                          ${sqlArray(rows.map((row) => row.ruleId), 'uuid')}) as i(id, category_id, provenance, rule_id)
              join ${transactions} cur on cur.id = i.id
             where cur.id = any(array(select unnest(${ids})))) i
     where t.id = any(${ids}) and t.id = i.id and t.deleted_at is null and t.category_provenance is distinct from 'user'
       ${onlyUncategorized ? sql`and t.category_id is null` : sql``}
       and (t.category_id is distinct from i.category_id or t.category_provenance is distinct from i.provenance
            or t.category_rule_id is distinct from i.rule_id)
    returning t.id, i.previous as "previousCategoryId"`);
  return changed;
}

export async function setNotes(tx: Transaction, rows: readonly { id: string; notes: string | null }[]): Promise<void> {
  if (rows.length === 0) return;
  const ids = sqlArray(rows.map((row) => row.id), 'uuid');
  await tx.execute(sql`
    update ${transactions} t set notes = i.notes, updated_at = now()
      from unnest(${ids}, ${sqlArray(rows.map((row) => row.notes), 'text')}) as i(id, notes)
     where t.id = any(${ids}) and t.id = i.id`);
}

/** The tenant's counterparties by lower-cased name, creating (as payees) the names not there yet. */
export async function ensureCounterparties(tx: Transaction, tenantId: string, names: readonly string[]): Promise<Map<string, string>> {
  return ensureNamed(tx, tenantId, names, counterparties);
}

/** The tenant's tags by lower-cased name, creating the names not there yet. */
export async function ensureTags(tx: Transaction, tenantId: string, names: readonly string[]): Promise<Map<string, string>> {
  return ensureNamed(tx, tenantId, names, tags);
}

async function ensureNamed(tx: Transaction, tenantId: string, names: readonly string[], table: typeof tags | typeof counterparties): Promise<Map<string, string>> {
  const unique = [...new Map(names.map((name) => [name.toLowerCase(), name])).values()];
  if (unique.length === 0) return new Map();
  // Names are unique per tenant regardless of case (a unique index): a concurrent creation is simply found.
  await tx.execute(sql`
    insert into ${table} (id, tenant_id, name)
    select gen_random_uuid(), ${tenantId}, name from jsonb_array_elements_text(${json(unique)}) as name
    on conflict do nothing`);
  const { rows } = await tx.execute<{ id: string; name: string }>(sql`
    select id, name from ${table}
     where tenant_id = ${tenantId} and lower(name) in (select lower(value) from jsonb_array_elements_text(${json(unique)}))`);
  return new Map(rows.map((row) => [row.name.toLowerCase(), row.id]));
}

export async function setCounterparties(tx: Transaction, rows: readonly { id: string; counterpartyId: string; counterpartyName: string }[]): Promise<void> {
  if (rows.length === 0) return;
  const ids = sqlArray(rows.map((row) => row.id), 'uuid');
  await tx.execute(sql`
    update ${transactions} t set counterparty_id = i.counterparty_id, counterparty_name = i.counterparty_name, updated_at = now()
      from unnest(${ids}, ${sqlArray(rows.map((row) => row.counterpartyId), 'uuid')}, ${sqlArray(rows.map((row) => row.counterpartyName), 'text')})
           as i(id, counterparty_id, counterparty_name)
     where t.id = any(${ids}) and t.id = i.id`);
}

/** Makes each listed transaction carry exactly the given tags. */
export async function replaceTags(tx: Transaction, tenantId: string, rows: readonly { id: string; tagIds: string[] }[]): Promise<void> {
  if (rows.length === 0) return;
  const pairs = rows.flatMap((row) => row.tagIds.map((tagId) => ({ transaction_id: row.id, tag_id: tagId })));
  await tx.execute(sql`
    delete from ${transactionTags} tt
     where tt.transaction_id = any(${idArray(rows.map((row) => row.id))})
       and (tt.transaction_id, tt.tag_id) not in (select * from jsonb_to_recordset(${json(pairs)}) as p(transaction_id uuid, tag_id uuid))`);
  await insertTransactionTags(tx, tenantId, pairs.map((pair) => ({ transactionId: pair.transaction_id, tagId: pair.tag_id })));
}

/** Tags these transactions (a pair already there stays as it is). */
export async function insertTransactionTags(tx: Transaction, tenantId: string, pairs: readonly { transactionId: string; tagId: string }[]): Promise<void> {
  if (pairs.length === 0) return;
  await tx.execute(sql`
    insert into ${transactionTags} (tenant_id, transaction_id, tag_id)
    select ${tenantId}, p.transaction_id, p.tag_id
      from unnest(${sqlArray(pairs.map((pair) => pair.transactionId), 'uuid')}, ${sqlArray(pairs.map((pair) => pair.tagId), 'uuid')}) as p(transaction_id, tag_id)
    on conflict do nothing`);
}
