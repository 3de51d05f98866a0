import type { Transaction } from '@ai-service/db';
import { asc, eq, isNull, sql } from 'drizzle-orm';
import { accounts, transactions } from '../db/schema/ledger.ts';

export type AccountRow = typeof accounts.$inferSelect;
export type NewAccountRow = typeof accounts.$inferInsert;
export type AccountWithBalance = AccountRow & { balance: string; bookedBalance: string };

// Balances are derived: opening balance plus the account's live transactions, summed in SQL (NUMERIC,
// exact). The outer column is spelled out: drizzle renders columns unqualified inside selected SQL.
const outerAccountId = sql`${sql.identifier('accounts')}.${sql.identifier('id')}`;
const liveSum = (status?: 'booked') =>
  sql<string>`${accounts.openingBalance} + coalesce((select sum(t.amount) from ${transactions} t
    where t.account_id = ${outerAccountId} and t.deleted_at is null ${status ? sql`and t.status = ${status}` : sql``}), 0)`;

const withBalances = { account: accounts, balance: liveSum(), bookedBalance: liveSum('booked') };

const flatten = (row: { account: AccountRow; balance: string; bookedBalance: string }): AccountWithBalance => ({
  ...row.account,
  balance: row.balance,
  bookedBalance: row.bookedBalance,
});

export async function insertAccount(tx: Transaction, row: NewAccountRow): Promise<AccountRow> {
  const [inserted] = await tx.insert(accounts).values(row).returning();
  return inserted!;
}

export async function findAccount(tx: Transaction, accountId: string, { forUpdate = false } = {}): Promise<AccountRow | undefined> {
  const query = tx.select().from(accounts).where(eq(accounts.id, accountId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findAccountWithBalance(tx: Transaction, accountId: string): Promise<AccountWithBalance | undefined> {
  const [row] = await tx.select(withBalances).from(accounts).where(eq(accounts.id, accountId));
  return row && flatten(row);
}

export async function listAccountsWithBalance(tx: Transaction, { includeArchived }: { includeArchived: boolean }): Promise<AccountWithBalance[]> {
  const rows = await tx
    .select(withBalances)
    .from(accounts)
    .where(includeArchived ? undefined : isNull(accounts.archivedAt))
    .orderBy(asc(sql`lower(${accounts.name})`), asc(accounts.id));
  return rows.map(flatten);
}

export async function updateAccountRow(tx: Transaction, accountId: string, changes: Partial<NewAccountRow>): Promise<AccountRow> {
  const [row] = await tx.update(accounts).set(changes).where(eq(accounts.id, accountId)).returning();
  return row!;
}
