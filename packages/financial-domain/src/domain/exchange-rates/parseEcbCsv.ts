import { CURRENCY_PATTERN } from '@ai-service/money';
import { CsvError, parse } from 'csv-parse/sync';
import { invalidInput } from '../../errors.ts';
import { parseDate } from '../../months.ts';
import type { RateUpsert } from '../../repositories/exchangeRates.ts';
import { readRate } from './parseRate.ts';

export type EcbRates = { rates: RateUpsert[]; days: number; skipped: number; currencies: string[] };

const ECB_BASE = 'EUR';
const MISSING = new Set(['', 'N/A']);
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** The whole file is refused at its first bad line, with `file` as the field (like statement imports). */
const badLine = (line: number, message: string) => invalidInput('file', `line ${line}: ${message}`);

/** `2024-01-05` (eurofxref-hist.csv) or `5 January 2024` (the daily eurofxref.csv). */
function readDate(cell: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(cell)) {
    try {
      return parseDate('date', cell);
    } catch {
      return undefined;
    }
  }
  const spelled = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(cell);
  const month = spelled ? MONTHS.indexOf(spelled[2]!.toLowerCase()) + 1 : 0;
  if (!spelled || month === 0) return undefined;
  return readDate(`${spelled[3]}-${String(month).padStart(2, '0')}-${spelled[1]!.padStart(2, '0')}`);
}

function records(text: string): { line: number; cells: string[] }[] {
  const read: { line: number; cells: string[] }[] = [];
  let lastEnd = 0;
  try {
    parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (cells: string[], context) => {
        // A record of the ECB's files is one line: the line it ends on is its line.
        read.push({ line: context.lines, cells: cells.map((cell) => cell.trim()) });
        lastEnd = context.lines;
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw badLine(lastEnd + 1, error.message.replace(/:.*$/, '').toLowerCase());
  }
  return read;
}

/**
 * The ECB's reference rates as published in eurofxref-hist.csv: a `Date,USD,JPY,…` header, one
 * line per day, EUR as the base of every column. Empty and `N/A` cells (a currency not quoted that
 * day) are skipped; trailing commas (the ECB ends every line with one) are tolerated. Anything
 * else — an unknown header, a bad date, a day twice, a cell that is not a rate above zero, more
 * cells than the header — refuses the whole file naming its line.
 */
export function parseEcbCsv(text: string): EcbRates {
  const rows = records(text);
  const header = rows[0];
  if (!header || header.cells[0]?.toLowerCase() !== 'date') throw badLine(header?.line ?? 1, 'the header must start with "Date" followed by currency codes, as in eurofxref-hist.csv.');
  const columns = header.cells.slice(1);
  while (columns.length > 0 && columns[columns.length - 1] === '') columns.pop();
  const seen = new Set<string>();
  for (const code of columns) {
    if (!CURRENCY_PATTERN.test(code) || code === ECB_BASE) throw badLine(header.line, `"${code}" is not a currency code the ECB quotes against EUR.`);
    if (seen.has(code)) throw badLine(header.line, `${code} appears twice in the header.`);
    seen.add(code);
  }
  if (columns.length === 0) throw badLine(header.line, 'the header names no currency.');

  const rates: RateUpsert[] = [];
  const days = new Map<string, number>();
  let skipped = 0;
  for (const { line, cells } of rows.slice(1)) {
    const date = readDate(cells[0] ?? '');
    if (!date) throw badLine(line, `"${cells[0] ?? ''}" is not a date such as 2024-01-05.`);
    const earlier = days.get(date);
    if (earlier !== undefined) throw badLine(line, `${date} was already given on line ${earlier}.`);
    days.set(date, line);
    const values = cells.slice(1);
    if (values.slice(columns.length).some((cell) => cell !== '')) throw badLine(line, `more values than the header has currencies (${columns.length}).`);
    columns.forEach((quoteCurrency, index) => {
      const cell = values[index] ?? '';
      if (MISSING.has(cell)) {
        skipped += 1;
        return;
      }
      const rate = readRate(cell);
      if (rate === undefined) throw badLine(line, `${quoteCurrency} "${cell}" is not a rate above zero.`);
      rates.push({ date, baseCurrency: ECB_BASE, quoteCurrency, rate });
    });
  }
  if (rates.length === 0) throw invalidInput('file', 'The file holds no rate.');
  return { rates, days: days.size, skipped, currencies: columns };
}
