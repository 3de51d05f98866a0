import { createRulesEngine, type ActionSchema, type FieldSchema } from '@ai-service/rules';
import { z } from 'zod';
import { RULE_TRIGGERS, type RuleTrigger } from '../../db/schema/rules.ts';
import type { RuleSubjectRow } from '../../repositories/ruleSubjects.ts';

/**
 * A transaction as rules see and change it. Counterparty and tags are names (what users write in
 * rules); the writer resolves them to master data. `transferCandidates` maps each own account to
 * the transaction there that would be this one's other leg (opposite amount, close date), so that
 * "mark as transfer" is decided while planning and a dry run predicts it exactly.
 */
export type RuleSubject = RuleSubjectRow & {
  transferCandidates: Readonly<Record<string, string>>;
  /** The other leg chosen by "mark as transfer"; null until an action picks one. */
  transferCounterpartId: string | null;
};

/** The fields conditions may test. */
export const RULE_FIELDS = {
  description: 'string',
  counterparty: 'string',
  notes: 'string',
  amount: 'decimal',
  accountId: 'id',
  currency: 'id',
  status: 'id',
  categoryId: 'id',
  bookingDate: 'date',
  tags: 'stringList',
} as const satisfies FieldSchema;

/** The fields an action may change, as the plan's before/after report them. */
export const CHANGEABLE_FIELDS = ['categoryId', 'counterparty', 'notes', 'tags', 'transferCounterpartId'] as const;
export type ChangeableField = (typeof CHANGEABLE_FIELDS)[number];

const MAX_NOTES_LENGTH = 2000;
const tagNames = z.array(z.string().trim().min(1).max(100)).max(20);

const byName = (a: string, b: string): number => a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b);

/** Tag names in the one order plans use, so the same set always compares equal. */
export const sortTagNames = (names: readonly string[]): string[] => [...names].sort(byName);

/**
 * Tag names as the transaction will hold them: once each regardless of case (an existing tag keeps
 * its spelling), in sortTagNames order, so an unchanged set compares equal.
 */
function tagSet(existing: readonly string[], wanted: readonly string[]): string[] {
  const byLower = new Map<string, string>();
  for (const name of [...existing, ...wanted]) if (!byLower.has(name.toLowerCase())) byLower.set(name.toLowerCase(), name);
  const keep = new Set(wanted.map((name) => name.toLowerCase()));
  return [...byLower.entries()].filter(([lower]) => keep.has(lower)).map(([, name]) => name)
    .sort(byName);
}

const actions: ActionSchema<RuleSubject> = {
  /** A user's own choice is never overwritten by a rule, and a split transaction's categories live in its splits. */
  setCategory: {
    value: z.uuid(),
    apply: (categoryId: string, subject: Readonly<RuleSubject>) => (subject.categoryProvenance === 'user' || subject.hasSplits ? {} : { categoryId }),
  },
  setCounterparty: { value: z.string().trim().min(1).max(200), apply: (counterparty: string) => ({ counterparty }) },
  setNotes: { value: z.string().max(MAX_NOTES_LENGTH), apply: (notes: string) => ({ notes: notes === '' ? null : notes }) },
  /** Appends a line once: a rule that runs again (on the next edit) does not repeat it. */
  appendNotes: {
    value: z.string().trim().min(1).max(MAX_NOTES_LENGTH),
    apply: (line: string, subject: Readonly<RuleSubject>) => {
      const lines = subject.notes?.split('\n') ?? [];
      return lines.includes(line) ? {} : { notes: [...lines, line].join('\n') };
    },
  },
  addTags: { value: tagNames.min(1), apply: (tags: string[], subject: Readonly<RuleSubject>) => ({ tags: tagSet(subject.tags, [...subject.tags, ...tags]) }) },
  setTags: { value: tagNames, apply: (tags: string[], subject: Readonly<RuleSubject>) => ({ tags: tagSet(subject.tags, tags) }) },
  /** Links this transaction with its other leg in the given own account, when one is there and neither is linked yet. */
  markAsTransfer: {
    value: z.strictObject({ accountId: z.uuid() }),
    apply: (target: { accountId: string }, subject: Readonly<RuleSubject>) => {
      const counterpart = subject.transferCandidates[target.accountId];
      return subject.transferId !== null || counterpart === undefined ? {} : { transferCounterpartId: counterpart };
    },
  },
};

export const financeRules = createRulesEngine<RuleSubject, RuleTrigger>({
  fields: RULE_FIELDS,
  actions,
  triggers: RULE_TRIGGERS,
});
