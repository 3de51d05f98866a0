import type { FieldChange } from '@ai-service/rules';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import type { RuleTrigger } from '../../db/schema/rules.ts';
import { decodeCursor, encodeCursor, UUID_PATTERN, type Page } from '../../pagination.ts';
import { listRuleEvaluationRows } from '../../repositories/ruleEvaluations.ts';

export type ListRuleEvaluationsInput = {
  ruleId?: string | undefined;
  transactionId?: string | undefined;
  runId?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
};

export type RuleEvaluationView = {
  id: string;
  runId: string;
  ruleId: string;
  transactionId: string;
  trigger: RuleTrigger;
  /** What the rule changed, one entry per field. */
  changes: FieldChange[];
  createdAt: Date;
};

const isCursor = (parts: unknown[]): parts is unknown[] & [string, string] =>
  parts.length === 2 && typeof parts[0] === 'string' && !Number.isNaN(Date.parse(parts[0])) && typeof parts[1] === 'string' && UUID_PATTERN.test(parts[1]);

/** Evaluations that changed something, newest first, by rule, transaction or run. */
export async function listRuleEvaluations({ ctx, input }: { ctx: FinancialContext; input: ListRuleEvaluationsInput }): Promise<Page<RuleEvaluationView>> {
  const limit = input.limit ?? 50;
  const cursor = input.cursor === undefined ? undefined : decodeCursor(input.cursor, isCursor);
  return withTenantTx(ctx, async (tx) => {
    const rows = await listRuleEvaluationRows(tx, {
      ruleId: input.ruleId,
      transactionId: input.transactionId,
      runId: input.runId,
      after: cursor && { createdAt: new Date(cursor[0]), id: cursor[1] },
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => ({
        id: row.id,
        runId: row.runId,
        ruleId: row.ruleId,
        transactionId: row.transactionId,
        trigger: row.trigger,
        changes: Object.keys(row.after).map((field) => ({ field, before: row.before[field] ?? null, after: row.after[field] ?? null })),
        createdAt: row.createdAt,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
    };
  });
}
