import { tenantIsolationPolicy } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, jsonb, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt } from './columns.ts';
import { financialSchema } from './core.ts';

/** When a rule runs: on import and bank sync, on a manual edit of a transaction, on demand over a filter. */
export const RULE_TRIGGERS = ['ingest', 'edit', 'manual'] as const;
export type RuleTrigger = (typeof RULE_TRIGGERS)[number];

/** Rule groups run in `position` order; their rules too. Positions are rewritten by the reorder operation. */
export const ruleGroups = financialSchema
  .table(
    'rule_groups',
    {
      id: id(),
      tenantId: tenantId(),
      name: text('name').notNull(),
      position: integer('position').notNull(),
      active: boolean('active').notNull().default(true),
      /** When one of its rules matched, later groups do not run. */
      stopProcessing: boolean('stop_processing').notNull().default(false),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (table) => [
      unique('rule_groups_tenant_id_id_unique').on(table.tenantId, table.id),
      index('rule_groups_position_idx').on(table.tenantId, table.position),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/**
 * One rule: `conditions` and `actions` are the JSON of packages/rules, validated by the domain
 * (packages/financial-domain/src/domain/rules/engine.ts) before every write.
 */
export const rules = financialSchema
  .table(
    'rules',
    {
      id: id(),
      tenantId: tenantId(),
      groupId: uuid('group_id').notNull(),
      name: text('name').notNull(),
      position: integer('position').notNull(),
      match: text('match', { enum: ['all', 'any'] }).notNull().default('all'),
      conditions: jsonb('conditions').notNull().$type<unknown[]>(),
      actions: jsonb('actions').notNull().$type<unknown[]>(),
      triggers: text('triggers').array().notNull().$type<RuleTrigger[]>(),
      /** When this rule matched, later rules of its group do not run. */
      stopProcessing: boolean('stop_processing').notNull().default(false),
      active: boolean('active').notNull().default(true),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (table) => [
      unique('rules_tenant_id_id_unique').on(table.tenantId, table.id),
      foreignKey({ name: 'rules_group_fk', columns: [table.tenantId, table.groupId], foreignColumns: [ruleGroups.tenantId, ruleGroups.id] }).onDelete('cascade'),
      index('rules_group_position_idx').on(table.groupId, table.position),
      check('rules_match_check', sql`${table.match} in ('all', 'any')`),
      check('rules_triggers_check', sql`${table.triggers} <@ array['ingest', 'edit', 'manual']::text[] and cardinality(${table.triggers}) > 0`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/**
 * Each evaluation that changed a transaction: the rule, the occasion, and the fields it changed
 * (before and after, by field name). `run_id` groups the evaluations of one run (one apply, one
 * ingest, one edit). A log, like the audit rows: no foreign key to the rule, so deleting a rule
 * keeps its history, nor to the transaction, which is never deleted (only marked), and which the
 * same database transaction wrote or read; that check was a third of writing an import's
 * evaluations (measured).
 */
export const ruleEvaluations = financialSchema
  .table(
    'rule_evaluations',
    {
      id: id(),
      tenantId: tenantId(),
      runId: uuid('run_id').notNull(),
      ruleId: uuid('rule_id').notNull(),
      transactionId: uuid('transaction_id').notNull(),
      trigger: text('trigger', { enum: RULE_TRIGGERS }).notNull(),
      before: jsonb('before').notNull().$type<Record<string, unknown>>(),
      after: jsonb('after').notNull().$type<Record<string, unknown>>(),
      createdAt: createdAt(),
    },
    (table) => [
      index('rule_evaluations_rule_idx').on(table.tenantId, table.ruleId, table.createdAt.desc(), table.id.desc()),
      index('rule_evaluations_transaction_idx').on(table.tenantId, table.transactionId, table.createdAt.desc(), table.id.desc()),
      index('rule_evaluations_run_idx').on(table.runId),
      check('rule_evaluations_trigger_check', sql`${table.trigger} in ('ingest', 'edit', 'manual')`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();
