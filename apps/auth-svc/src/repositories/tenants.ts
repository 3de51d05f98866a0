import type { Transaction } from '@ai-service/db';
import { eq } from 'drizzle-orm';
import { tenants } from '../db/schema.ts';

export type TenantRow = typeof tenants.$inferSelect;

export async function insertTenant(tx: Transaction, row: { tenantId: string; name: string; createdAt: Date }): Promise<TenantRow> {
  const [inserted] = await tx.insert(tenants).values(row).returning();
  return inserted!;
}

export async function findTenant(tx: Transaction, tenantId: string): Promise<TenantRow | undefined> {
  const [row] = await tx.select().from(tenants).where(eq(tenants.tenantId, tenantId));
  return row;
}

/** Serializes changes to a tenant's users and roles (the last-owner rule reads, then writes). */
export async function lockTenant(tx: Transaction, tenantId: string): Promise<void> {
  await tx.select({ tenantId: tenants.tenantId }).from(tenants).where(eq(tenants.tenantId, tenantId)).for('update');
}
