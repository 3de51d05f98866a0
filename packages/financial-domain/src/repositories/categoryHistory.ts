import type { Transaction } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { transactions } from '../db/schema/ledger.ts';
import { idArray } from './ruleSubjects.ts';

/**
 * A counterparty as written, normalized (case, surrounding and repeated spaces). Must stay identical
 * to the expression of the index in migration 0008_counterparty_history.sql.
 */
const counterpartyKey = (alias: string) => sql.raw(`lower(regexp_replace(btrim(${alias}.counterparty_name), '\\s+', ' ', 'g'))`);

export type HistoryVote = { transactionId: string; categoryId: string; votes: number };

/**
 * For each transaction, the categories of the `window` latest other categorized live transactions
 * of the same counterparty (same linked counterparty, or same normalized written name), with their
 * vote counts, keeping those with at least `quorum` votes. Categories chosen by the AI do not
 * count: only people's choices, rules and history itself teach.
 */
export async function counterpartyHistoryVotes(tx: Transaction, ids: readonly string[], window: number, quorum: number): Promise<HistoryVote[]> {
  if (ids.length === 0) return [];
  const { rows } = await tx.execute<HistoryVote>(sql`
    select t.id as "transactionId", h.category_id as "categoryId", count(*)::int as votes
      from ${transactions} t
      cross join lateral (
        select o.category_id
          from ${transactions} o
         where o.tenant_id = t.tenant_id and o.deleted_at is null and o.category_id is not null and o.id <> t.id
           and o.category_provenance in ('user', 'rule', 'history')
           and ((t.counterparty_id is not null and o.counterparty_id = t.counterparty_id)
                or (${counterpartyKey('t')} <> '' and ${counterpartyKey('o')} = ${counterpartyKey('t')}))
         order by o.booking_date desc, o.created_at desc, o.id desc
         limit ${window}) h
     where t.id = any(${idArray(ids)})
     group by t.id, h.category_id
    having count(*) >= ${quorum}`);
  return rows;
}
