import type { Transaction } from '@ai-service/db';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { tags } from '../db/schema/ledger.ts';

export type TagRow = typeof tags.$inferSelect;

/** Inserts the tag unless its name is taken (regardless of case); then returns undefined. */
export async function insertTag(tx: Transaction, row: typeof tags.$inferInsert): Promise<TagRow | undefined> {
  const [inserted] = await tx.insert(tags).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function findTag(tx: Transaction, tagId: string): Promise<TagRow | undefined> {
  const [row] = await tx.select().from(tags).where(eq(tags.id, tagId));
  return row;
}

/** The ids among `tagIds` that are tags of the tenant. */
export async function existingTagIds(tx: Transaction, tagIds: readonly string[]): Promise<Set<string>> {
  if (tagIds.length === 0) return new Set();
  const rows = await tx.select({ id: tags.id }).from(tags).where(inArray(tags.id, [...tagIds]));
  return new Set(rows.map((row) => row.id));
}

export async function listTagRows(tx: Transaction): Promise<TagRow[]> {
  return tx.select().from(tags).orderBy(asc(sql`lower(${tags.name})`), asc(tags.id));
}

export async function renameTag(tx: Transaction, tagId: string, name: string): Promise<TagRow> {
  const [row] = await tx.update(tags).set({ name }).where(eq(tags.id, tagId)).returning();
  return row!;
}

export async function deleteTagRow(tx: Transaction, tagId: string): Promise<boolean> {
  const deleted = await tx.delete(tags).where(eq(tags.id, tagId)).returning({ id: tags.id });
  return deleted.length > 0;
}
