import type { z } from 'zod';

/**
 * One kind of action, supplied by the caller: the schema of its value, and how it changes the subject.
 * `apply` is pure and returns only the fields it changes; the engine merges them into its working copy,
 * so a later action sees (and may override) what an earlier one wrote.
 */
export type ActionType<S extends object, V = unknown> = {
  /** Omitted for actions that take no value. */
  value?: z.ZodType<V>;
  apply(value: V, subject: Readonly<S>): Partial<S>;
};

/** The caller's actions by type name. `skip` is built in and may not be redefined. */
export type ActionSchema<S extends object> = Readonly<Record<string, ActionType<S>>>;

export type Action = { type: string; value?: unknown };

/** Built in: the subject is left untouched (earlier rules' changes are dropped too) and no later rule runs. */
export const SKIP_ACTION = 'skip';
