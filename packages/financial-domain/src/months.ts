import { invalidInput } from './errors.ts';

/** Calendar months as `YYYY-MM` text: what budgets and monthly reports are keyed by. */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The most months one report covers (20 years): bounds the work of one request. */
export const MAX_REPORT_MONTHS = 240;

export function parseMonth(field: string, value: string): string {
  if (!MONTH.test(value)) throw invalidInput(field, `${field} must be a month such as 2024-01.`);
  return value;
}

export function parseDate(field: string, value: string): string {
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw invalidInput(field, `${field} must be a date such as 2024-01-31.`);
  }
  return value;
}

const parts = (month: string) => [Number(month.slice(0, 4)), Number(month.slice(5, 7))] as const;

const format = (year: number, month: number) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;

export const addMonths = (month: string, count: number): string => {
  const [year, number] = parts(month);
  const index = year * 12 + (number - 1) + count;
  return format(Math.floor(index / 12), (index % 12) + 1);
};

export const firstDay = (month: string) => `${month}-01`;

export function lastDay(month: string): string {
  const [year, number] = parts(month);
  return `${month}-${String(new Date(Date.UTC(year, number, 0)).getUTCDate()).padStart(2, '0')}`;
}

export const monthOf = (date: string) => date.slice(0, 7);

/** `from` to `to` inclusive; `to` before `from` or a range over MAX_REPORT_MONTHS is refused naming `to`. */
export function monthRange(from: string, to: string): string[] {
  parseMonth('from', from);
  parseMonth('to', to);
  if (to < from) throw invalidInput('to', 'to must not be before from.');
  const months = [from];
  while (months[months.length - 1]! < to) {
    if (months.length >= MAX_REPORT_MONTHS) throw invalidInput('to', `A report covers at most ${MAX_REPORT_MONTHS} months.`);
    months.push(addMonths(months[months.length - 1]!, 1));
  }
  return months;
}
