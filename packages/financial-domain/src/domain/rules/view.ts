import type { Action, Condition } from '@ai-service/rules';
import type { RuleTrigger } from '../../db/schema/rules.ts';
import type { RuleGroupRow, RuleRow } from '../../repositories/rules.ts';

export type RuleView = {
  id: string;
  groupId: string;
  name: string;
  position: number;
  match: 'all' | 'any';
  conditions: Condition[];
  actions: Action[];
  triggers: RuleTrigger[];
  stopProcessing: boolean;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type RuleGroupView = {
  id: string;
  name: string;
  position: number;
  active: boolean;
  stopProcessing: boolean;
  rules: RuleView[];
  createdAt: Date;
  updatedAt: Date;
};

export const toRuleView = (row: RuleRow): RuleView => ({
  id: row.id,
  groupId: row.groupId,
  name: row.name,
  position: row.position,
  match: row.match,
  conditions: row.conditions as Condition[],
  actions: row.actions as Action[],
  triggers: row.triggers,
  stopProcessing: row.stopProcessing,
  active: row.active,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const toRuleGroupView = (group: RuleGroupRow, rules: readonly RuleRow[]): RuleGroupView => ({
  id: group.id,
  name: group.name,
  position: group.position,
  active: group.active,
  stopProcessing: group.stopProcessing,
  rules: rules.map(toRuleView),
  createdAt: group.createdAt,
  updatedAt: group.updatedAt,
});
