import type { Transaction } from '@ai-service/db';
import { and, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import { ruleEvaluations } from '../db/schema/rules.ts';
import { sqlArray } from './sqlArray.ts';

export type RuleEvaluationRow = typeof ruleEvaluations.$inferSelect;
export type NewRuleEvaluationRow = typeof ruleEvaluations.$inferInsert;

export type RuleEvaluationInsert = Required<Omit<NewRuleEvaluationRow, 'createdAt'>> & { createdAt: Date };

/** Rows per INSERT: bounds the size of one statement's arrays. */
const EVALUATION_CHUNK = 20_000;

/** Bulk insert from `unnest` arrays: an import records one evaluation per changed transaction, tens of thousands at once. */
export async function insertRuleEvaluations(tx: Transaction, rows: readonly RuleEvaluationInsert[]): Promise<void> {
  for (let start = 0; start < rows.length; start += EVALUATION_CHUNK) {
    const chunk = rows.slice(start, start + EVALUATION_CHUNK);
    const column = <K extends keyof RuleEvaluationInsert>(key: K) => chunk.map((row) => row[key]);
    await tx.execute(sql`
      insert into ${ruleEvaluations} (id, tenant_id, run_id, rule_id, transaction_id, trigger, before, after, created_at)
      select * from unnest(${sqlArray(column('id'), 'uuid')}, ${sqlArray(column('tenantId'), 'uuid')}, ${sqlArray(column('runId'), 'uuid')},
        ${sqlArray(column('ruleId'), 'uuid')}, ${sqlArray(column('transactionId'), 'uuid')}, ${sqlArray(column('trigger'), 'text')},
        ${sqlArray(chunk.map((row) => JSON.stringify(row.before)), 'jsonb')}, ${sqlArray(chunk.map((row) => JSON.stringify(row.after)), 'jsonb')},
        ${sqlArray(chunk.map((row) => row.createdAt.toISOString()), 'timestamptz')})`);
  }
}

export type RuleEvaluationQuery = {
  ruleId?: string;
  transactionId?: string;
  runId?: string;
  /** The (created_at, id) of the last row of the previous page. */
  after?: { createdAt: Date; id: string };
  limit: number;
};

/** Newest first; keyset pagination on (created_at, id). */
export async function listRuleEvaluationRows(tx: Transaction, query: RuleEvaluationQuery): Promise<RuleEvaluationRow[]> {
  const filters: (SQL | undefined)[] = [
    query.ruleId ? eq(ruleEvaluations.ruleId, query.ruleId) : undefined,
    query.transactionId ? eq(ruleEvaluations.transactionId, query.transactionId) : undefined,
    query.runId ? eq(ruleEvaluations.runId, query.runId) : undefined,
    query.after
      ? or(
          lt(ruleEvaluations.createdAt, query.after.createdAt),
          and(eq(ruleEvaluations.createdAt, query.after.createdAt), lt(ruleEvaluations.id, query.after.id)),
        )
      : undefined,
  ];
  return tx
    .select()
    .from(ruleEvaluations)
    .where(and(...filters))
    .orderBy(desc(ruleEvaluations.createdAt), desc(ruleEvaluations.id))
    .limit(query.limit);
}
