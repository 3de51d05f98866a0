export { SKIP_ACTION, type Action, type ActionSchema, type ActionType } from './actions.ts';
export { type Condition, type FieldKind, type FieldSchema } from './conditions.ts';
export { MAX_ACTIONS, MAX_CONDITIONS, type Rule, type RuleGroup, type RuleLogic } from './definition.ts';
export {
  createRulesEngine,
  type CompiledRuleSet,
  type FieldChange,
  type RuleMatch,
  type RulePlan,
  type RulesEngine,
  type RulesEngineOptions,
} from './engine.ts';
export { RulesError, type RuleIssue, type RulesErrorCode } from './errors.ts';
export { MAX_PATTERN_LENGTH } from './regex.ts';
