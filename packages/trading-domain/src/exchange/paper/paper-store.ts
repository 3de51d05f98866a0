import type { Transaction } from '@ai-service/db';
import { decimal, type Decimal } from '@ai-service/money';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { paperBalances, paperOrders } from '../../db/schema/index.ts';

/** The SQL of the paper exchange; every function runs inside the caller's tenant transaction. */

export type PaperOrderRow = typeof paperOrders.$inferSelect;
export type NewPaperOrderRow = typeof paperOrders.$inferInsert;
export type PaperAccountKey = { tenantId: string; account: string };

/**
 * Serializes every change to one paper account (balances and orders) until the transaction ends:
 * concurrent orders of a session then read the balances the previous one left.
 */
export async function lockPaperAccount(tx: Transaction, key: PaperAccountKey): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`paper:${key.tenantId}:${key.account}`}))`);
}

/** lockPaperAccount without waiting: false when another transaction holds the account. */
export async function tryLockPaperAccount(tx: Transaction, key: PaperAccountKey): Promise<boolean> {
  const { rows } = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(hashtext(${`paper:${key.tenantId}:${key.account}`})) as locked`);
  return rows[0]?.locked === true;
}

export type Holding = { free: Decimal; used: Decimal };

export async function readHoldings(tx: Transaction, key: PaperAccountKey, assets?: readonly string[]): Promise<Map<string, Holding>> {
  const rows = await tx
    .select({ asset: paperBalances.asset, free: paperBalances.free, used: paperBalances.used })
    .from(paperBalances)
    .where(and(eq(paperBalances.tenantId, key.tenantId), eq(paperBalances.account, key.account), assets ? inArray(paperBalances.asset, [...assets]) : undefined))
    .orderBy(asc(paperBalances.asset));
  return new Map(rows.map((row) => [row.asset, { free: decimal(row.free), used: decimal(row.used) }]));
}

export async function writeHolding(tx: Transaction, key: PaperAccountKey, asset: string, holding: Holding, now: Date): Promise<void> {
  await writeHoldings(tx, key, [{ asset, holding }], now);
}

/** Writes several holdings of the account in one statement (a fill moves two assets). */
export async function writeHoldings(tx: Transaction, key: PaperAccountKey, holdings: ReadonlyArray<{ asset: string; holding: Holding }>, now: Date): Promise<void> {
  await tx
    .insert(paperBalances)
    .values(holdings.map(({ asset, holding }) => ({ tenantId: key.tenantId, account: key.account, asset, free: holding.free.toFixed(), used: holding.used.toFixed(), updatedAt: now })))
    .onConflictDoUpdate({
      target: [paperBalances.tenantId, paperBalances.account, paperBalances.asset],
      set: { free: sql`excluded.free`, used: sql`excluded.used`, updatedAt: now },
    });
}

export async function findPaperOrderByClientId(tx: Transaction, key: PaperAccountKey, clientOrderId: string): Promise<PaperOrderRow | undefined> {
  const [row] = await tx
    .select()
    .from(paperOrders)
    .where(and(eq(paperOrders.tenantId, key.tenantId), eq(paperOrders.account, key.account), eq(paperOrders.clientOrderId, clientOrderId)));
  return row;
}

export async function findPaperOrder(tx: Transaction, key: PaperAccountKey, id: string): Promise<PaperOrderRow | undefined> {
  const [row] = await tx.select().from(paperOrders).where(and(eq(paperOrders.tenantId, key.tenantId), eq(paperOrders.account, key.account), eq(paperOrders.id, id)));
  return row;
}

export async function openPaperOrders(tx: Transaction, key: PaperAccountKey, symbol?: string): Promise<PaperOrderRow[]> {
  return tx
    .select()
    .from(paperOrders)
    .where(and(eq(paperOrders.tenantId, key.tenantId), eq(paperOrders.account, key.account), eq(paperOrders.status, 'open'), symbol ? eq(paperOrders.symbol, symbol) : undefined))
    .orderBy(asc(paperOrders.createdAt), asc(paperOrders.id));
}

export async function openPaperOrderSymbols(tx: Transaction, key: PaperAccountKey): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ symbol: paperOrders.symbol })
    .from(paperOrders)
    .where(and(eq(paperOrders.tenantId, key.tenantId), eq(paperOrders.account, key.account), eq(paperOrders.status, 'open')));
  return rows.map((row) => row.symbol);
}

export async function insertPaperOrder(tx: Transaction, row: NewPaperOrderRow): Promise<PaperOrderRow> {
  const [inserted] = await tx.insert(paperOrders).values(row).returning();
  return inserted!;
}

export async function updatePaperOrder(tx: Transaction, id: string, change: Partial<NewPaperOrderRow>): Promise<PaperOrderRow> {
  const [updated] = await tx.update(paperOrders).set(change).where(eq(paperOrders.id, id)).returning();
  return updated!;
}
