import type { Transaction } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { counterparties, tags, transactionSplits, transactionTags, transactions } from '../db/schema/ledger.ts';
import { sqlArray } from './sqlArray.ts';

/** A live transaction with what rules read: counterparty and tag names, splits, transfer link. */
export type RuleSubjectRow = {
  id: string;
  accountId: string;
  currency: string;
  amount: string;
  bookingDate: string;
  status: string;
  description: string;
  counterparty: string | null;
  notes: string | null;
  categoryId: string | null;
  categoryProvenance: string | null;
  transferId: string | null;
  hasSplits: boolean;
  tags: string[];
};

/** A list of ids as one parameter (JSON), whatever its length. */
export const idArray = (ids: readonly string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;

/** A rule subject with what counterparty memory knows its counterparty by (see categoryHistory.ts). */
export type CategorizationSubjectRow = RuleSubjectRow & { counterpartyId: string | null; counterpartyKey: string | null };

/** The live transactions among `ids`, in the order of `ids`; `lock` takes their row locks until commit. */
export async function loadRuleSubjectRows(tx: Transaction, ids: readonly string[], { lock = false } = {}): Promise<RuleSubjectRow[]> {
  if (ids.length === 0) return [];
  return inOrderOf(ids, (await tx.execute<RuleSubjectRow>(subjectsQuery(ids, { lock, historyKeys: false }))).rows);
}

/** loadRuleSubjectRows, locked, with the counterparty keys: what categorization reads once for its rules and its history. */
export async function loadCategorizationSubjects(tx: Transaction, ids: readonly string[]): Promise<CategorizationSubjectRow[]> {
  if (ids.length === 0) return [];
  return inOrderOf(ids, (await tx.execute<CategorizationSubjectRow>(subjectsQuery(ids, { lock: true, historyKeys: true }))).rows);
}

const subjectsQuery = (ids: readonly string[], { lock, historyKeys }: { lock: boolean; historyKeys: boolean }) => sql`
  select t.id, t.account_id as "accountId", t.currency, t.amount::text as amount, t.booking_date::text as "bookingDate",
         t.status, t.description, coalesce(t.counterparty_name, cp.name) as counterparty, t.notes,
         t.category_id as "categoryId", t.category_provenance as "categoryProvenance", t.transfer_id as "transferId",
         ${historyKeys ? sql`t.counterparty_id as "counterpartyId", t.counterparty_key as "counterpartyKey",` : sql``}
         exists (select 1 from ${transactionSplits} s where s.transaction_id = t.id) as "hasSplits",
         coalesce((select array_agg(g.name)
                     from ${transactionTags} tt join ${tags} g on g.id = tt.tag_id
                    where tt.transaction_id = t.id), '{}') as tags
    from ${transactions} t
    left join ${counterparties} cp on cp.id = t.counterparty_id
   where t.id = any(${idArray(ids)}) and t.deleted_at is null
   ${lock ? sql`for update of t` : sql``}`;

function inOrderOf<Row extends { id: string }>(ids: readonly string[], rows: readonly Row[]): Row[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** How far apart (in days) the two legs of a transfer may be booked. */
export const TRANSFER_MATCH_DAYS = 3;

/**
 * For each of `ids`, per other own account, the unlinked live transaction there that could be its
 * other leg: same currency, opposite amount, booked within TRANSFER_MATCH_DAYS; the closest date
 * wins, then the smallest id (so the choice is deterministic). `excluded` transactions (paired
 * earlier in the same run) neither get nor are candidates.
 */
export async function loadTransferCandidates(tx: Transaction, ids: readonly string[], excluded: Iterable<string>): Promise<Map<string, Record<string, string>>> {
  const result = new Map<string, Record<string, string>>();
  if (ids.length === 0) return result;
  const { rows } = await tx.execute<{ id: string; accountId: string; candidateId: string }>(sql`
    select t.id, c.account_id as "accountId", c.id as "candidateId"
      from ${transactions} t
      cross join lateral (
        select distinct on (c.account_id) c.id, c.account_id
          from ${transactions} c
         where c.tenant_id = t.tenant_id and c.account_id <> t.account_id and c.deleted_at is null and c.transfer_id is null
           and c.currency = t.currency and c.amount = -t.amount and c.id <> all(${idArray([...excluded])})
           and c.booking_date between t.booking_date - ${TRANSFER_MATCH_DAYS}::int and t.booking_date + ${TRANSFER_MATCH_DAYS}::int
         order by c.account_id, abs(c.booking_date - t.booking_date), c.id) c
     where t.id = any(${idArray(ids)}) and t.transfer_id is null and t.id <> all(${idArray([...excluded])})`);
  for (const row of rows) result.set(row.id, { ...result.get(row.id), [row.accountId]: row.candidateId });
  return result;
}

/** A transaction not stored yet, as loadUnsavedTransferCandidates matches it. */
export type TransferProbe = { id: string; accountId: string; currency: string; amount: string; bookingDate: string };

/** loadTransferCandidates for transactions about to be inserted (an ingest plans its rules before it writes). */
export async function loadUnsavedTransferCandidates(
  tx: Transaction,
  tenantId: string,
  probes: readonly TransferProbe[],
  excluded: Iterable<string>,
): Promise<Map<string, Record<string, string>>> {
  const result = new Map<string, Record<string, string>>();
  if (probes.length === 0) return result;
  const column = <K extends keyof TransferProbe>(key: K) => probes.map((probe) => probe[key]);
  const { rows } = await tx.execute<{ id: string; accountId: string; candidateId: string }>(sql`
    select t.id, c.account_id as "accountId", c.id as "candidateId"
      from unnest(${sqlArray(column('id'), 'uuid')}, ${sqlArray(column('accountId'), 'uuid')}, ${sqlArray(column('currency'), 'char(3)')},
                  ${sqlArray(column('amount'), 'numeric')}, ${sqlArray(column('bookingDate'), 'date')}) as t(id, account_id, currency, amount, booking_date)
      cross join lateral (
        select distinct on (c.account_id) c.id, c.account_id
          from ${transactions} c
         where c.tenant_id = ${tenantId} and c.account_id <> t.account_id and c.deleted_at is null and c.transfer_id is null
           and c.currency = t.currency and c.amount = -t.amount and c.id <> all(${sqlArray([...excluded], 'uuid')})
           and c.booking_date between t.booking_date - ${TRANSFER_MATCH_DAYS}::int and t.booking_date + ${TRANSFER_MATCH_DAYS}::int
         order by c.account_id, abs(c.booking_date - t.booking_date), c.id) c`);
  for (const row of rows) result.set(row.id, { ...result.get(row.id), [row.accountId]: row.candidateId });
  return result;
}
