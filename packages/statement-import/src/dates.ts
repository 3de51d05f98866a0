import { malformedAt, type StatementImportError } from './errors.ts';
import type { DateOrder } from './types.ts';

type ReadDate =
  /** Year first, or a month name: the order is not in doubt. */
  | { kind: 'fixed'; year: number; month: number; day: number }
  /** `a/b/year`: day-month or month-day, decided over the whole file. */
  | { kind: 'numeric'; a: number; b: number; year: number; dotted: boolean };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Two-digit years: `'24` (Quicken's marker) is 2024; otherwise 70–99 are the 1900s. */
function fullYear(text: string, markedRecent: boolean): number {
  const year = Number(text);
  if (text.length === 4) return year;
  return markedRecent || year < 70 ? 2000 + year : 1900 + year;
}

function readDate(input: string): ReadDate | undefined {
  const text = input.trim().replace(/\s+/g, ' ');
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(text) ?? /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?: .*)?$/.exec(text);
  if (match) return { kind: 'fixed', year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (match) return { kind: 'fixed', year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  match = /^(\d{1,2}) ?[/.-] ?(\d{1,2}) ?([/.'-]) ?(\d{4}|\d{2})(?:,? \d{1,2}:\d{2}.*)?$/.exec(text);
  if (match) return { kind: 'numeric', a: Number(match[1]), b: Number(match[2]), year: fullYear(match[4] ?? '', match[3] === "'"), dotted: match[3] === '.' };
  match = /^(\d{1,2})[ -]([a-z]{3})[a-z]*\.?[ -](\d{4}|\d{2})$/i.exec(text);
  const month = match ? MONTHS.indexOf((match[2] ?? '').toLowerCase()) : -1;
  if (match && month >= 0) return { kind: 'fixed', year: fullYear(match[3] ?? '', false), month: month + 1, day: Number(match[1]) };
  return undefined;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function toIso(date: ReadDate, order: DateOrder): string | undefined {
  if (date.kind === 'fixed') return isoDate(date.year, date.month, date.day);
  return order === 'mdy' ? isoDate(date.year, date.a, date.b) : isoDate(date.year, date.b, date.a);
}

export type DateCell = { text: string; line: number };

/**
 * Reads one date column of a whole file. A numeric `a/b/year` date is day-first or month-first
 * for the whole file: `forced` decides when given; otherwise the first day above 12 settles it,
 * and a file with no such day is day-first when its dates are dotted, else `fallback`. The error names the first bad line: a date that
 * is no date, one invalid in the settled order, or one contradicting it.
 */
export function resolveDates(cells: readonly DateCell[], forced: DateOrder | undefined, fallback: DateOrder): { dates: string[]; order: DateOrder } {
  let order = forced;
  let contradiction: StatementImportError | undefined;
  // A statement repeats few distinct dates: each text is read (and below, converted) once.
  const readByText = new Map<string, ReadDate | undefined>();
  const read = cells.map((cell) => {
    if (!readByText.has(cell.text)) readByText.set(cell.text, readDate(cell.text));
    return readByText.get(cell.text);
  });
  if (order === undefined) {
    for (const [index, date] of read.entries()) {
      if (date?.kind !== 'numeric' || (date.a > 12 && date.b > 12)) continue;
      const implied: DateOrder | undefined = date.a > 12 ? 'dmy' : date.b > 12 ? 'mdy' : undefined;
      if (implied === undefined) continue;
      if (order === undefined) order = implied;
      else if (order !== implied) {
        const cell = cells[index];
        contradiction = malformedAt(cell?.line ?? 1, `"${cell?.text}" contradicts the ${order === 'dmy' ? 'day/month' : 'month/day'} dates above it`);
        break;
      }
    }
  }
  // Dotted dates (05.01.2024) are day-first wherever they are written.
  const dotted = read.some((date) => date?.kind === 'numeric') && read.every((date) => date?.kind !== 'numeric' || date.dotted);
  const resolved = order ?? (dotted ? 'dmy' : fallback);
  const dates: string[] = [];
  const isoByDate = new Map<ReadDate, string | undefined>();
  for (const [index, date] of read.entries()) {
    const cell = cells[index] ?? { text: '', line: 1 };
    if (contradiction && (contradiction.line ?? 0) <= cell.line) throw contradiction;
    if (!date) throw malformedAt(cell.line, cell.text.trim() === '' ? 'the date is missing' : `"${cell.text}" is not a date`);
    if (!isoByDate.has(date)) isoByDate.set(date, toIso(date, resolved));
    const iso = isoByDate.get(date);
    if (!iso) throw malformedAt(cell.line, `"${cell.text}" is not a valid date`);
    dates.push(iso);
  }
  return { dates, order: resolved };
}
