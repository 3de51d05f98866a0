import type { Transaction } from '@ai-service/db';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { ruleGroups, rules } from '../db/schema/rules.ts';

export type RuleGroupRow = typeof ruleGroups.$inferSelect;
export type NewRuleGroupRow = typeof ruleGroups.$inferInsert;
export type RuleRow = typeof rules.$inferSelect;
export type NewRuleRow = typeof rules.$inferInsert;
export type RuleGroupWithRules = RuleGroupRow & { rules: RuleRow[] };

/** Groups and rules in evaluation order: position, then creation, then id (positions may tie after concurrent inserts). */
export async function listRuleGroupsWithRules(tx: Transaction): Promise<RuleGroupWithRules[]> {
  const groups = await tx.select().from(ruleGroups).orderBy(asc(ruleGroups.position), asc(ruleGroups.createdAt), asc(ruleGroups.id));
  const all = await tx.select().from(rules).orderBy(asc(rules.position), asc(rules.createdAt), asc(rules.id));
  return groups.map((group) => ({ ...group, rules: all.filter((rule) => rule.groupId === group.id) }));
}

export async function findRuleGroup(tx: Transaction, groupId: string, { forUpdate = false } = {}): Promise<RuleGroupRow | undefined> {
  const query = tx.select().from(ruleGroups).where(eq(ruleGroups.id, groupId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function listRulesOfGroup(tx: Transaction, groupId: string): Promise<RuleRow[]> {
  return tx.select().from(rules).where(eq(rules.groupId, groupId)).orderBy(asc(rules.position), asc(rules.createdAt), asc(rules.id));
}

export async function findRule(tx: Transaction, ruleId: string, { forUpdate = false } = {}): Promise<RuleRow | undefined> {
  const query = tx.select().from(rules).where(eq(rules.id, ruleId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findRules(tx: Transaction, ruleIds: readonly string[]): Promise<RuleRow[]> {
  if (ruleIds.length === 0) return [];
  return tx.select().from(rules).where(inArray(rules.id, [...ruleIds]));
}

/**
 * Serializes changes to the order of a tenant's rule set (inserts at the end, reorders): two
 * concurrent appends would otherwise take the same position.
 */
export async function lockRuleSet(tx: Transaction, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`financial.rules:${tenantId}`}, 0))`);
}

export async function nextRuleGroupPosition(tx: Transaction): Promise<number> {
  const [row] = await tx.select({ next: sql<number>`coalesce(max(${ruleGroups.position}) + 1, 0)::int` }).from(ruleGroups);
  return row?.next ?? 0;
}

export async function nextRulePosition(tx: Transaction, groupId: string): Promise<number> {
  const [row] = await tx.select({ next: sql<number>`coalesce(max(${rules.position}) + 1, 0)::int` }).from(rules).where(eq(rules.groupId, groupId));
  return row?.next ?? 0;
}

export async function insertRuleGroup(tx: Transaction, row: NewRuleGroupRow): Promise<RuleGroupRow> {
  const [inserted] = await tx.insert(ruleGroups).values(row).returning();
  return inserted!;
}

export async function updateRuleGroupRow(tx: Transaction, groupId: string, changes: Partial<NewRuleGroupRow>): Promise<RuleGroupRow> {
  const [row] = await tx.update(ruleGroups).set(changes).where(eq(ruleGroups.id, groupId)).returning();
  return row!;
}

export async function deleteRuleGroupRow(tx: Transaction, groupId: string): Promise<void> {
  await tx.delete(ruleGroups).where(eq(ruleGroups.id, groupId));
}

export async function insertRule(tx: Transaction, row: NewRuleRow): Promise<RuleRow> {
  const [inserted] = await tx.insert(rules).values(row).returning();
  return inserted!;
}

export async function updateRuleRow(tx: Transaction, ruleId: string, changes: Partial<NewRuleRow>): Promise<RuleRow> {
  const [row] = await tx.update(rules).set(changes).where(eq(rules.id, ruleId)).returning();
  return row!;
}

export async function deleteRuleRow(tx: Transaction, ruleId: string): Promise<void> {
  await tx.delete(rules).where(eq(rules.id, ruleId));
}

/** Positions 0..n-1 in the order given. */
export async function setRuleGroupPositions(tx: Transaction, groupIds: readonly string[]): Promise<void> {
  for (const [position, id] of groupIds.entries()) await tx.update(ruleGroups).set({ position }).where(eq(ruleGroups.id, id));
}

export async function setRulePositions(tx: Transaction, groupId: string, ruleIds: readonly string[]): Promise<void> {
  for (const [position, id] of ruleIds.entries()) await tx.update(rules).set({ position }).where(and(eq(rules.groupId, groupId), eq(rules.id, id)));
}
