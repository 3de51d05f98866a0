import type { Transaction } from '@ai-service/db';
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import { ruleEvaluations } from '../db/schema/rules.ts';

export type RuleEvaluationRow = typeof ruleEvaluations.$inferSelect;
export type NewRuleEvaluationRow = typeof ruleEvaluations.$inferInsert;

export async function insertRuleEvaluations(tx: Transaction, rows: NewRuleEvaluationRow[]): Promise<void> {
  if (rows.length > 0) await tx.insert(ruleEvaluations).values(rows);
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
