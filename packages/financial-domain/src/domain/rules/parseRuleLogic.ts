import type { Transaction } from '@ai-service/db';
import type { RuleLogic } from '@ai-service/rules';
import type { RuleTrigger } from '../../db/schema/rules.ts';
import { financeRules } from './engine.ts';
import { assertActionReferences } from './ruleReferences.ts';

/** A rule's logic as the API sent it: valid for the engine (else RulesError, 422 by path) and naming only the tenant's own categories and accounts. */
export async function parseRuleLogic(tx: Transaction, input: unknown): Promise<RuleLogic<RuleTrigger>> {
  const logic = financeRules.parseRule(input);
  await assertActionReferences(tx, logic.actions);
  return logic;
}
