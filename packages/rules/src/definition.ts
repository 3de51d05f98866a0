import { z } from 'zod';
import { SKIP_ACTION, type Action, type ActionSchema } from './actions.ts';
import { conditionSchema, type Condition, type FieldSchema } from './conditions.ts';
import { RulesError, type RuleIssue } from './errors.ts';

export const MAX_CONDITIONS = 50;
export const MAX_ACTIONS = 20;

/** What a rule does, without its identity, name or position (the caller stores those). */
export type RuleLogic<T extends string = string> = {
  match: 'all' | 'any';
  conditions: Condition[];
  actions: Action[];
  /** When this rule matched, later rules of its group are not evaluated. */
  stopProcessing: boolean;
  active: boolean;
  /** The occasions on which the rule runs, from the engine's trigger list. */
  triggers: T[];
};

export type Rule<T extends string = string> = RuleLogic<T> & { id: string };

export type RuleGroup<T extends string = string> = {
  id: string;
  active: boolean;
  /** When any rule of this group matched, later groups are not evaluated. */
  stopProcessing: boolean;
  /** In evaluation order. */
  rules: Rule<T>[];
};

export function actionSchema<S extends object>(actions: ActionSchema<S>): z.ZodType<Action> {
  if (SKIP_ACTION in actions) throw new RangeError(`"${SKIP_ACTION}" is a built-in action`);
  const members = Object.entries(actions).map(([type, definition]) =>
    definition.value ? z.strictObject({ type: z.literal(type), value: definition.value }) : z.strictObject({ type: z.literal(type) }),
  );
  return z.discriminatedUnion('type', [z.strictObject({ type: z.literal(SKIP_ACTION) }), ...members]) as z.ZodType<Action>;
}

export function ruleLogicSchema<S extends object, T extends string>(
  fields: FieldSchema,
  actions: ActionSchema<S>,
  triggers: readonly [T, ...T[]],
): z.ZodType<RuleLogic<T>> {
  return z.strictObject({
    match: z.enum(['all', 'any']).default('all'),
    conditions: z.array(conditionSchema(fields)).min(1).max(MAX_CONDITIONS),
    actions: z
      .array(actionSchema(actions))
      .min(1)
      .max(MAX_ACTIONS)
      .refine((list) => list.length === 1 || list.every((action) => action.type !== SKIP_ACTION), {
        message: `"${SKIP_ACTION}" leaves the subject untouched, so it cannot be combined with other actions`,
      }),
    stopProcessing: z.boolean().default(false),
    active: z.boolean().default(true),
    triggers: z
      .array(z.enum(triggers))
      .min(1)
      .default([...triggers])
      .refine((list) => new Set(list).size === list.length, { message: 'must not repeat a trigger' }),
  }) as z.ZodType<RuleLogic<T>>;
}

function toIssues(error: z.ZodError): RuleIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    // One issue per unknown key, so each names its own field.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'is not a known field' }));
    return [{ field: path.join('.') || '(root)', message: issue.message }];
  });
}

/** Parses with a schema; a failure becomes a RulesError listing every issue by path. */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new RulesError('INVALID_DEFINITION', `The ${what} is invalid.`, toIssues(result.error));
}
