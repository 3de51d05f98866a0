import type { Transaction } from '@ai-service/db';
import { eq, inArray, sql } from 'drizzle-orm';
import { categories, transactions, transactionSplits, type CategoryKind } from '../db/schema/ledger.ts';

export type CategoryRow = typeof categories.$inferSelect;
export type CategoryTreeRow = CategoryRow & { depth: number; path: string[] };

/** Inserts unless a sibling has the name (regardless of case); then returns undefined. */
export async function insertCategory(tx: Transaction, row: typeof categories.$inferInsert): Promise<CategoryRow | undefined> {
  const [inserted] = await tx.insert(categories).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function findCategory(tx: Transaction, categoryId: string, { forUpdate = false } = {}): Promise<CategoryRow | undefined> {
  const query = tx.select().from(categories).where(eq(categories.id, categoryId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** The kind of each of `ids` that is a category of the tenant. */
export async function categoryKinds(tx: Transaction, ids: readonly string[]): Promise<Map<string, CategoryKind>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.select({ id: categories.id, kind: categories.kind }).from(categories).where(inArray(categories.id, [...ids]));
  return new Map(rows.map((row) => [row.id, row.kind]));
}

/**
 * Serializes changes to the tenant's category tree: two concurrent moves could otherwise each
 * pass the cycle check and together create a cycle.
 */
export async function lockCategoryTree(tx: Transaction, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`financial:categories:${tenantId}`}))`);
}

/** The whole tree depth first, siblings by name, each row with its depth and the names from its root. */
export async function listCategoryTree(tx: Transaction): Promise<CategoryTreeRow[]> {
  const result = await tx.execute<{
    id: string;
    tenant_id: string;
    parent_id: string | null;
    name: string;
    kind: CategoryKind;
    created_at: string;
    updated_at: string;
    depth: number;
    path: string[];
  }>(sql`
    with recursive tree as (
      select c.*, 0 as depth, array[c.name] as path, array[lower(c.name) || chr(1) || c.id::text] as sort_key
        from ${categories} c where c.parent_id is null
      union all
      select c.*, tree.depth + 1, tree.path || c.name, tree.sort_key || (lower(c.name) || chr(1) || c.id::text)
        from ${categories} c join tree on c.parent_id = tree.id
    )
    select id, tenant_id, parent_id, name, kind, created_at, updated_at, depth, path from tree order by sort_key`);
  return result.rows.map((row) => ({
    id: row.id,
    tenantId: row.tenant_id,
    parentId: row.parent_id,
    name: row.name,
    kind: row.kind,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    depth: row.depth,
    path: row.path,
  }));
}

/** Whether `candidateId` is `categoryId` itself or one of its descendants. */
export async function isInSubtree(tx: Transaction, categoryId: string, candidateId: string): Promise<boolean> {
  const result = await tx.execute<{ found: boolean }>(sql`
    with recursive ancestors as (
      select id, parent_id from ${categories} where id = ${candidateId}
      union all
      select c.id, c.parent_id from ${categories} c join ancestors a on c.id = a.parent_id
    )
    select exists (select 1 from ancestors where id = ${categoryId}) as found`);
  return result.rows[0]?.found === true;
}

export async function updateCategoryRow(tx: Transaction, categoryId: string, changes: Partial<typeof categories.$inferInsert>): Promise<CategoryRow> {
  const [row] = await tx.update(categories).set(changes).where(eq(categories.id, categoryId)).returning();
  return row!;
}

/** Gives every descendant of `categoryId` its kind (a subtree has one kind). */
export async function setSubtreeKind(tx: Transaction, categoryId: string, kind: CategoryKind): Promise<void> {
  await tx.execute(sql`
    with recursive subtree as (
      select id from ${categories} where parent_id = ${categoryId}
      union all
      select c.id from ${categories} c join subtree s on c.parent_id = s.id
    )
    update ${categories} set kind = ${kind}, updated_at = now() where id in (select id from subtree)`);
}

export type CategoryUsage = { transactions: number; splits: number; children: number };

/** What still uses the category: live transactions, splits of live transactions, child categories. */
export async function categoryUsage(tx: Transaction, categoryId: string): Promise<CategoryUsage> {
  const result = await tx.execute<CategoryUsage>(sql`select
    (select count(*) from ${transactions} where category_id = ${categoryId} and deleted_at is null)::int as transactions,
    (select count(*) from ${transactionSplits} s join ${transactions} t on t.id = s.transaction_id
      where s.category_id = ${categoryId} and t.deleted_at is null)::int as splits,
    (select count(*) from ${categories} where parent_id = ${categoryId})::int as children`);
  return result.rows[0]!;
}

/** Points every transaction and split (deleted ones too, which the foreign key also guards) at `to`; null clears. */
export async function moveCategoryReferences(tx: Transaction, from: string, to: string | null): Promise<void> {
  await tx.update(transactions).set({ categoryId: to, ...(to === null ? { categoryProvenance: null, categoryRuleId: null } : {}) }).where(eq(transactions.categoryId, from));
  await tx.update(transactionSplits).set({ categoryId: to }).where(eq(transactionSplits.categoryId, from));
}

export async function moveChildren(tx: Transaction, from: string, toParent: string | null): Promise<void> {
  await tx.update(categories).set({ parentId: toParent }).where(eq(categories.parentId, from));
}

export async function deleteCategoryRow(tx: Transaction, categoryId: string): Promise<void> {
  await tx.delete(categories).where(eq(categories.id, categoryId));
}

