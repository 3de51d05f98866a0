import type { Transaction } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { accounts, categories, transactionSplits, transactions } from '../db/schema/ledger.ts';

/**
 * What income, expense and spending reports add up: each split of a live transaction, or the
 * transaction itself when it has no splits, with its own category. Transfers between own accounts
 * (`transfer_id` set) and trades (source `trading`: one asset exchanged for another) move money
 * without earning or spending it and are left out.
 */
export type ReportPart = { bookingDate: string; amount: string; currency: string; categoryId: string | null; transactionId: string };

export async function reportParts(tx: Transaction, { from, to }: { from: string; to: string }): Promise<ReportPart[]> {
  const { rows } = await tx.execute<ReportPart>(sql`
    select t.booking_date::text as "bookingDate", coalesce(s.amount, t.amount)::text as amount, t.currency::text as currency,
      case when s.id is null then t.category_id else s.category_id end as "categoryId", t.id as "transactionId"
    from ${transactions} t
    left join ${transactionSplits} s on s.transaction_id = t.id and s.tenant_id = t.tenant_id
    where t.deleted_at is null and t.transfer_id is null and t.source <> 'trading' and t.booking_date >= ${from}::date and t.booking_date <= ${to}::date
    order by t.booking_date, t.id, s.position`);
  return rows;
}

export type CategoryNode = { id: string; parentId: string | null; name: string; kind: 'income' | 'expense' };

export async function categoryNodes(tx: Transaction): Promise<CategoryNode[]> {
  return tx.select({ id: categories.id, parentId: categories.parentId, name: categories.name, kind: categories.kind }).from(categories);
}

export type AccountForBalance = { id: string; name: string; currency: string; openingBalance: string; openingDate: string | null; archived: boolean };

export async function accountsForBalances(tx: Transaction): Promise<AccountForBalance[]> {
  const { rows } = await tx.execute<AccountForBalance>(sql`
    select id, name, currency::text as currency, opening_balance::text as "openingBalance", opening_date::text as "openingDate", archived_at is not null as archived
    from ${accounts} order by lower(name), id`);
  return rows;
}

/**
 * Each account's live transactions (booked and pending, transfers included: they move balances)
 * summed per month up to `to`; months before `from` come as one row with `month` null.
 */
export async function monthlyAccountSums(tx: Transaction, { from, to }: { from: string; to: string }): Promise<{ accountId: string; month: string | null; sum: string }[]> {
  const { rows } = await tx.execute<{ accountId: string; month: string | null; sum: string }>(sql`
    select account_id as "accountId", case when booking_date < ${from}::date then null else to_char(booking_date, 'YYYY-MM') end as month, sum(amount)::text as sum
    from ${transactions}
    where deleted_at is null and booking_date <= ${to}::date
    group by 1, 2`);
  return rows;
}
