import { z } from 'zod';
import { createRulesEngine, type Rule, type RuleGroup } from '../index.ts';

/** A finance-shaped subject, enough to exercise every field kind and action style. */
export type Entry = {
  description: string | null;
  counterparty: string | null;
  notes: string | null;
  amount: string;
  currency: string;
  accountId: string;
  bookingDate: string;
  categoryId: string | null;
  tags: string[];
};

export const entry = (overrides: Partial<Entry> = {}): Entry => ({
  description: 'CARD PAYMENT MERCADONA 1234',
  counterparty: 'Mercadona',
  notes: null,
  amount: '-42.10',
  currency: 'EUR',
  accountId: 'acc-1',
  bookingDate: '2025-03-15',
  categoryId: null,
  tags: [],
  ...overrides,
});

export const engine = createRulesEngine<Entry, 'ingest' | 'edit' | 'manual'>({
  fields: {
    description: 'string',
    counterparty: 'string',
    notes: 'string',
    amount: 'decimal',
    currency: 'id',
    accountId: 'id',
    bookingDate: 'date',
    tags: 'stringList',
  },
  actions: {
    setCategory: { value: z.string().min(1), apply: (categoryId: string) => ({ categoryId }) },
    setCounterparty: { value: z.string().min(1), apply: (counterparty: string) => ({ counterparty }) },
    setNotes: { value: z.string(), apply: (notes: string) => ({ notes }) },
    appendNotes: {
      value: z.string().min(1),
      apply: (text: string, subject: Readonly<Entry>) => ({ notes: subject.notes ? `${subject.notes}\n${text}` : text }),
    },
    addTags: {
      value: z.array(z.string().min(1)).min(1),
      apply: (tags: string[], subject: Readonly<Entry>) => ({ tags: [...new Set([...subject.tags, ...tags])] }),
    },
    clearCategory: { apply: () => ({ categoryId: null }) },
  },
  triggers: ['ingest', 'edit', 'manual'],
});

type RuleInput = Partial<Omit<Rule, 'id'>> & Pick<Rule, 'conditions' | 'actions'>;

export function rule(id: string, input: RuleInput): Rule<'ingest' | 'edit' | 'manual'> {
  return { id, ...engine.parseRule(input) };
}

export function group(id: string, rules: Rule<'ingest' | 'edit' | 'manual'>[], options: Partial<Pick<RuleGroup, 'active' | 'stopProcessing'>> = {}) {
  return { id, active: true, stopProcessing: false, rules, ...options };
}

/** Whether a single condition holds for the subject, through a one-rule set. */
export function holds(condition: Record<string, unknown>, subject: Entry): boolean {
  const set = engine.compile([group('g', [rule('r', { conditions: [condition as never], actions: [{ type: 'setCategory', value: 'matched' }] })])]);
  return engine.evaluate(set, subject).matches.length === 1;
}
