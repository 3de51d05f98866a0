import type { Transaction } from '@ai-service/db';
import { and, asc, desc, eq, getTableColumns, lt, or, sql } from 'drizzle-orm';
import { csvPresets, imports } from '../db/schema/imports.ts';

export type ImportRow = typeof imports.$inferSelect;
export type NewImportRow = typeof imports.$inferInsert;
/** An import without its file: what views and lists read. */
export type ImportSummary = Omit<ImportRow, 'file'>;
export type CsvPresetRow = typeof csvPresets.$inferSelect;

const { file: _file, ...summaryColumns } = getTableColumns(imports);

export async function insertImport(tx: Transaction, row: NewImportRow): Promise<ImportSummary> {
  const [inserted] = await tx.insert(imports).values(row).returning(summaryColumns);
  return inserted!;
}

export async function findImportSummary(tx: Transaction, importId: string): Promise<ImportSummary | undefined> {
  const [row] = await tx.select(summaryColumns).from(imports).where(eq(imports.id, importId));
  return row;
}

export async function findImportWithFile(tx: Transaction, importId: string): Promise<ImportRow | undefined> {
  const [row] = await tx.select().from(imports).where(eq(imports.id, importId));
  return row;
}

// Sorted at the millisecond precision of the JavaScript Date a cursor carries, so no row is skipped.
const createdMs = sql`date_trunc('milliseconds', ${imports.createdAt})`;

/** Newest first; `after` is the (createdAt, id) of the last row of the previous page. */
export async function listImportSummaries(tx: Transaction, { limit, after }: { limit: number; after?: { createdAt: Date; id: string } }): Promise<ImportSummary[]> {
  return tx
    .select(summaryColumns)
    .from(imports)
    .where(after ? or(lt(createdMs, after.createdAt), and(eq(createdMs, after.createdAt), lt(imports.id, after.id))) : undefined)
    .orderBy(desc(createdMs), desc(imports.id))
    .limit(limit);
}

export async function updateImportRow(tx: Transaction, importId: string, changes: Partial<NewImportRow>): Promise<ImportSummary> {
  const [row] = await tx.update(imports).set(changes).where(eq(imports.id, importId)).returning(summaryColumns);
  return row!;
}

export async function insertCsvPreset(tx: Transaction, row: typeof csvPresets.$inferInsert): Promise<CsvPresetRow> {
  const [inserted] = await tx.insert(csvPresets).values(row).returning();
  return inserted!;
}

export async function findCsvPreset(tx: Transaction, presetId: string): Promise<CsvPresetRow | undefined> {
  const [row] = await tx.select().from(csvPresets).where(eq(csvPresets.id, presetId));
  return row;
}

export async function listCsvPresetRows(tx: Transaction): Promise<CsvPresetRow[]> {
  return tx.select().from(csvPresets).orderBy(asc(sql`lower(${csvPresets.name})`), asc(csvPresets.id));
}

export async function updateCsvPresetRow(tx: Transaction, presetId: string, changes: Partial<typeof csvPresets.$inferInsert>): Promise<CsvPresetRow | undefined> {
  const [row] = await tx.update(csvPresets).set(changes).where(eq(csvPresets.id, presetId)).returning();
  return row;
}

export async function deleteCsvPresetRow(tx: Transaction, presetId: string): Promise<boolean> {
  const deleted = await tx.delete(csvPresets).where(eq(csvPresets.id, presetId)).returning({ id: csvPresets.id });
  return deleted.length > 0;
}
