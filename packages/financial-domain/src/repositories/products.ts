import type { Transaction } from '@ai-service/db';
import { asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { invoiceLines, products } from '../db/schema/invoices.ts';

export type ProductRow = typeof products.$inferSelect;
export type NewProductRow = typeof products.$inferInsert;

/** Inserts unless the name is taken (regardless of case); then returns undefined. */
export async function insertProduct(tx: Transaction, row: NewProductRow): Promise<ProductRow | undefined> {
  const [inserted] = await tx.insert(products).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function findProduct(tx: Transaction, productId: string, { forUpdate = false } = {}): Promise<ProductRow | undefined> {
  const query = tx.select().from(products).where(eq(products.id, productId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findProductsById(tx: Transaction, ids: readonly string[]): Promise<ProductRow[]> {
  if (ids.length === 0) return [];
  return tx.select().from(products).where(inArray(products.id, [...ids]));
}

export async function listProductRows(tx: Transaction, { includeArchived }: { includeArchived: boolean }): Promise<ProductRow[]> {
  return tx
    .select()
    .from(products)
    .where(includeArchived ? undefined : isNull(products.archivedAt))
    .orderBy(asc(sql`lower(${products.name})`), asc(products.id));
}

export async function updateProductRow(tx: Transaction, productId: string, changes: Partial<NewProductRow>): Promise<ProductRow> {
  const [row] = await tx.update(products).set(changes).where(eq(products.id, productId)).returning();
  return row!;
}

export async function productIsUsed(tx: Transaction, productId: string): Promise<boolean> {
  const [row] = await tx.select({ id: invoiceLines.id }).from(invoiceLines).where(eq(invoiceLines.productId, productId)).limit(1);
  return row !== undefined;
}

export async function deleteProductRow(tx: Transaction, productId: string): Promise<void> {
  await tx.delete(products).where(eq(products.id, productId));
}
