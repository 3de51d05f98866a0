import { compareDecimals, DECIMAL_PATTERN } from '@ai-service/money';
import { z } from 'zod';
import { compilePattern, type CompiledPattern } from './regex.ts';

/**
 * How a condition reads a subject field:
 * - `string`: free text (description, notes); compared case-insensitively unless `caseSensitive`.
 * - `decimal`: an exact decimal string ("-12.50"), compared with big.js, never as a float.
 * - `id`: an identifier or code (account id, currency); compared exactly.
 * - `date`: a calendar date "YYYY-MM-DD".
 * - `stringList`: a list of strings (tags).
 * A missing or empty value matches no operator except `isEmpty` (and so matches every negated one).
 */
export type FieldKind = 'string' | 'decimal' | 'id' | 'date' | 'stringList';

/** The fields conditions may read, by name, as the caller's subject record holds them. */
export type FieldSchema = Readonly<Record<string, FieldKind>>;

type Base = { field: string; not?: boolean };
type Range = { from: string; to: string };

export type Condition = Base &
  (
    | { op: 'equals' | 'contains' | 'startsWith' | 'endsWith' | 'regex'; value: string; caseSensitive?: boolean }
    | { op: 'oneOf'; value: string[]; caseSensitive?: boolean }
    | { op: 'isEmpty' }
    | { op: 'lessThan' | 'greaterThan' | 'lessOrEqual' | 'greaterOrEqual'; value: string; absolute?: boolean }
    | { op: 'equals'; value: string; absolute?: boolean }
    | { op: 'between'; value: Range; absolute?: boolean }
    | { op: 'inflow' | 'outflow' }
    | { op: 'before' | 'after'; value: string }
    | { op: 'dayOfMonth'; value: number }
    | { op: 'includes'; value: string; caseSensitive?: boolean }
  );

const MAX_TEXT_LENGTH = 500;
const MAX_LIST_LENGTH = 200;

const text = z.string().min(1).max(MAX_TEXT_LENGTH);
const textList = z.array(text).min(1).max(MAX_LIST_LENGTH);
const decimalText = z.string().regex(DECIMAL_PATTERN, 'must be a decimal string such as "-12.50"');
const isoDate = z.iso.date('must be a date "YYYY-MM-DD"');

function range(bound: z.ZodType<string>, compare: (a: string, b: string) => number) {
  // zod runs the refinement even when a bound failed, so only well-formed bounds are compared.
  const wellFormed = (value: string): boolean => bound.safeParse(value).success;
  const ordered = (value: Range): boolean => !wellFormed(value.from) || !wellFormed(value.to) || compare(value.from, value.to) <= 0;
  return z.strictObject({ from: bound, to: bound }).refine(ordered, {
    message: '"from" must not be after "to"',
    path: ['to'],
  });
}

const compareDates = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function stringConditions(field: string) {
  const base = { field: z.literal(field), not: z.boolean().optional(), caseSensitive: z.boolean().optional() };
  return z.discriminatedUnion('op', [
    z.strictObject({ ...base, op: z.literal(['equals', 'contains', 'startsWith', 'endsWith']), value: text }),
    z.strictObject({ ...base, op: z.literal('regex'), value: z.string().min(1) }).superRefine((condition, ctx) => {
      if (typeof condition.value !== 'string') return;
      const compiled = compilePattern(condition.value, condition.caseSensitive ?? false);
      if ('error' in compiled) ctx.addIssue({ code: 'custom', path: ['value'], message: compiled.error });
    }),
    z.strictObject({ ...base, op: z.literal('oneOf'), value: textList }),
    z.strictObject({ field: z.literal(field), not: z.boolean().optional(), op: z.literal('isEmpty') }),
  ]);
}

function decimalConditions(field: string) {
  const base = { field: z.literal(field), not: z.boolean().optional() };
  const comparison = { ...base, absolute: z.boolean().optional() };
  return z.discriminatedUnion('op', [
    z.strictObject({ ...comparison, op: z.literal(['equals', 'lessThan', 'greaterThan', 'lessOrEqual', 'greaterOrEqual']), value: decimalText }),
    z.strictObject({ ...comparison, op: z.literal('between'), value: range(decimalText, compareDecimals) }),
    z.strictObject({ ...base, op: z.literal(['inflow', 'outflow']) }),
  ]);
}

function idConditions(field: string) {
  const base = { field: z.literal(field), not: z.boolean().optional() };
  return z.discriminatedUnion('op', [
    z.strictObject({ ...base, op: z.literal('equals'), value: text }),
    z.strictObject({ ...base, op: z.literal('oneOf'), value: textList }),
    z.strictObject({ ...base, op: z.literal('isEmpty') }),
  ]);
}

function dateConditions(field: string) {
  const base = { field: z.literal(field), not: z.boolean().optional() };
  return z.discriminatedUnion('op', [
    z.strictObject({ ...base, op: z.literal(['equals', 'before', 'after']), value: isoDate }),
    z.strictObject({ ...base, op: z.literal('between'), value: range(isoDate, compareDates) }),
    z.strictObject({ ...base, op: z.literal('dayOfMonth'), value: z.int().min(1).max(31) }),
  ]);
}

function stringListConditions(field: string) {
  const base = { field: z.literal(field), not: z.boolean().optional() };
  return z.discriminatedUnion('op', [
    z.strictObject({ ...base, caseSensitive: z.boolean().optional(), op: z.literal('includes'), value: text }),
    z.strictObject({ ...base, op: z.literal('isEmpty') }),
  ]);
}

const SCHEMA_BY_KIND = {
  string: stringConditions,
  decimal: decimalConditions,
  id: idConditions,
  date: dateConditions,
  stringList: stringListConditions,
} satisfies Record<FieldKind, (field: string) => z.ZodType>;

/** The zod schema of one condition over the given fields: the field picks the operators, the operator the value. */
export function conditionSchema(fields: FieldSchema): z.ZodType<Condition> {
  const names = Object.keys(fields);
  const [first, ...rest] = names.map((name) => SCHEMA_BY_KIND[fields[name] as FieldKind](name));
  if (!first) throw new RangeError('a rules engine needs at least one field');
  return z.discriminatedUnion('field', [first, ...rest]) as z.ZodType<Condition>;
}

export type SubjectPredicate = (subject: object) => boolean;

/** Bank exports mix composed and decomposed accents; comparisons see one form, in lower case unless asked not to. */
function normalizeText(value: string, caseSensitive: boolean): string {
  const composed = value.normalize('NFC');
  return caseSensitive ? composed : composed.toLowerCase();
}

/**
 * normalizeText of the text last read, per case mode: the rules of a set test one subject after
 * the other, so most rules read the description the previous rule just normalized (an import
 * evaluates 100,000 transactions against every rule).
 */
const lastRead = [
  { value: '', normalized: '' },
  { value: '', normalized: '' },
];

function normalizeRead(value: string, caseSensitive: boolean): string {
  const last = lastRead[caseSensitive ? 1 : 0]!;
  if (value !== last.value) {
    last.normalized = normalizeText(value, caseSensitive);
    last.value = value;
  }
  return last.normalized;
}

function readField(subject: object, field: string): unknown {
  return (subject as Record<string, unknown>)[field];
}

function readText(subject: object, field: string): string | undefined {
  const value = readField(subject, field);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function stringPredicate(condition: Condition): SubjectPredicate {
  const { field } = condition;
  if (condition.op === 'isEmpty') return (subject) => readText(subject, field) === undefined;
  const caseSensitive = 'caseSensitive' in condition && condition.caseSensitive === true;
  const read = (subject: object): string | undefined => {
    const value = readText(subject, field);
    return value === undefined ? undefined : normalizeRead(value, caseSensitive);
  };
  if (condition.op === 'regex') {
    const pattern = compilePattern(condition.value, caseSensitive) as CompiledPattern;
    return (subject) => {
      const value = read(subject);
      return value !== undefined && pattern.test(value);
    };
  }
  if (condition.op === 'oneOf') {
    const options = new Set(condition.value.map((option) => normalizeText(option, caseSensitive)));
    return (subject) => {
      const value = read(subject);
      return value !== undefined && options.has(value);
    };
  }
  const expected = normalizeText(String((condition as { value: string }).value), caseSensitive);
  const test: Record<string, (value: string) => boolean> = {
    equals: (value) => value === expected,
    contains: (value) => value.includes(expected),
    startsWith: (value) => value.startsWith(expected),
    endsWith: (value) => value.endsWith(expected),
  };
  const compare = test[condition.op];
  if (!compare) throw new RangeError(`unknown string operator ${condition.op}`);
  return (subject) => {
    const value = read(subject);
    return value !== undefined && compare(value);
  };
}

function decimalPredicate(condition: Condition): SubjectPredicate {
  const { field } = condition;
  const absolute = 'absolute' in condition && condition.absolute === true;
  const read = (subject: object): string | undefined => {
    const value = readField(subject, field);
    if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value)) return undefined;
    return absolute ? value.replace(/^-/, '') : value;
  };
  const holds = (test: (value: string) => boolean): SubjectPredicate => (subject) => {
    const value = read(subject);
    return value !== undefined && test(value);
  };
  switch (condition.op) {
    case 'inflow':
      return holds((value) => compareDecimals(value, '0') > 0);
    case 'outflow':
      return holds((value) => compareDecimals(value, '0') < 0);
    case 'between': {
      const { from, to } = condition.value;
      return holds((value) => compareDecimals(value, from) >= 0 && compareDecimals(value, to) <= 0);
    }
    case 'equals':
      return holds((value) => compareDecimals(value, condition.value) === 0);
    case 'lessThan':
      return holds((value) => compareDecimals(value, condition.value) < 0);
    case 'greaterThan':
      return holds((value) => compareDecimals(value, condition.value) > 0);
    case 'lessOrEqual':
      return holds((value) => compareDecimals(value, condition.value) <= 0);
    case 'greaterOrEqual':
      return holds((value) => compareDecimals(value, condition.value) >= 0);
    default:
      throw new RangeError(`unknown decimal operator ${condition.op}`);
  }
}

function idPredicate(condition: Condition): SubjectPredicate {
  const { field } = condition;
  switch (condition.op) {
    case 'isEmpty':
      return (subject) => readText(subject, field) === undefined;
    case 'equals':
      return (subject) => readText(subject, field) === condition.value;
    case 'oneOf': {
      const options = new Set(condition.value);
      return (subject) => {
        const value = readText(subject, field);
        return value !== undefined && options.has(value);
      };
    }
    default:
      throw new RangeError(`unknown id operator ${condition.op}`);
  }
}

function datePredicate(condition: Condition): SubjectPredicate {
  const { field } = condition;
  // ISO calendar dates order as text; a timestamp is cut to its date.
  const holds = (test: (date: string) => boolean): SubjectPredicate => (subject) => {
    const value = readText(subject, field)?.slice(0, 10);
    return value !== undefined && test(value);
  };
  switch (condition.op) {
    case 'equals':
      return holds((date) => date === condition.value);
    case 'before':
      return holds((date) => date < condition.value);
    case 'after':
      return holds((date) => date > condition.value);
    case 'between': {
      const { from, to } = condition.value;
      return holds((date) => date >= from && date <= to);
    }
    case 'dayOfMonth': {
      const day = condition.value;
      return holds((date) => Number(date.slice(8, 10)) === day);
    }
    default:
      throw new RangeError(`unknown date operator ${condition.op}`);
  }
}

function stringListPredicate(condition: Condition): SubjectPredicate {
  const { field } = condition;
  const read = (subject: object): string[] => {
    const value = readField(subject, field);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  };
  if (condition.op === 'isEmpty') return (subject) => read(subject).length === 0;
  if (condition.op !== 'includes') throw new RangeError(`unknown list operator ${condition.op}`);
  const caseSensitive = condition.caseSensitive === true;
  const expected = normalizeText(condition.value, caseSensitive);
  return (subject) => read(subject).some((item) => normalizeText(item, caseSensitive) === expected);
}

const PREDICATE_BY_KIND: Record<FieldKind, (condition: Condition) => SubjectPredicate> = {
  string: stringPredicate,
  decimal: decimalPredicate,
  id: idPredicate,
  date: datePredicate,
  stringList: stringListPredicate,
};

/** Turns a validated condition into a predicate; patterns and lower-cased constants are prepared once. */
export function compileCondition(condition: Condition, fields: FieldSchema): SubjectPredicate {
  const kind = fields[condition.field];
  if (!kind) throw new RangeError(`unknown field ${condition.field}`);
  const predicate = PREDICATE_BY_KIND[kind](condition);
  return condition.not === true ? (subject) => !predicate(subject) : predicate;
}
