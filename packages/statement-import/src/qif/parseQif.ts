import { resolveDates } from '../dates.ts';
import { detectDecimalSeparator, readAmount } from '../decimals.ts';
import { malformedAt, StatementImportError } from '../errors.ts';
import type { DateOrder, StatementRow } from '../types.ts';

type QifRecord = { line: number; fields: Map<string, { value: string; line: number }>; extra: string[] };

/** Account types whose records are cash movements; `Invst` records are trades, not read here. */
const CASH_TYPES = /^!Type:(Bank|Cash|CCard|Oth A|Oth L)\s*$/i;

function readRecords(text: string): QifRecord[] {
  const lines = text.split(/\r?\n|\r/);
  const records: QifRecord[] = [];
  let section: 'none' | 'cash' | 'account' | 'other' = 'none';
  let current: QifRecord | undefined;
  for (const [index, rawLine] of lines.entries()) {
    const lineNumber = index + 1;
    const line = rawLine.trimEnd();
    if (line.trim() === '') continue;
    if (line.startsWith('!')) {
      if (current) throw malformedAt(lineNumber, `a new section starts before the record of line ${current.line} ends with "^"`);
      if (CASH_TYPES.test(line)) section = 'cash';
      else if (/^!Account/i.test(line)) section = 'account';
      else if (/^!(Option|Clear):/i.test(line)) continue;
      else if (/^!Type:Invst/i.test(line)) throw new StatementImportError('unsupported_format', `line ${lineNumber}: investment QIF records are not imported`);
      else if (/^!Type:/i.test(line)) section = 'other';
      else throw malformedAt(lineNumber, `unknown header "${line}"`);
      continue;
    }
    if (section === 'none') throw malformedAt(lineNumber, 'QIF data before any "!Type:" header');
    if (line.startsWith('^')) {
      if (current && section === 'cash') records.push(current);
      current = undefined;
      continue;
    }
    if (section !== 'cash') continue;
    current ??= { line: lineNumber, fields: new Map(), extra: [] };
    const code = line[0] ?? '';
    const value = line.slice(1).trim();
    // Split lines (S, E, $, %) and address lines (A) repeat; the first of each is kept.
    if (!current.fields.has(code)) current.fields.set(code, { value, line: lineNumber });
    else current.extra.push(line);
  }
  if (current && section === 'cash') records.push(current);
  return records;
}

/** Quicken interchange format: `D` date (`1/ 5'24` included), `T`/`U` amount, `P` payee, `M` memo, `N` number, `L` category. */
export function parseQif(text: string, dateOrder: DateOrder | undefined): { rows: StatementRow[]; dateOrder: DateOrder; decimalSeparator: '.' | ',' } {
  if (text.trim() === '') throw malformedAt(1, 'the file is empty');
  const records = readRecords(text);
  const errors: StatementImportError[] = [];
  const missing = records.find((record) => !record.fields.has('D') || (!record.fields.has('T') && !record.fields.has('U')));
  if (missing) errors.push(malformedAt(missing.line, `record without ${missing.fields.has('D') ? 'an amount (T)' : 'a date (D)'}`));
  const complete = records.filter((record) => record !== missing);

  const amountField = (record: QifRecord) => record.fields.get('T') ?? record.fields.get('U') ?? { value: '', line: record.line };
  const separator = detectDecimalSeparator(
    complete.map((record) => amountField(record).value),
    '.',
  );
  let dates: { dates: string[]; order: DateOrder } | undefined;
  let amounts: string[] | undefined;
  try {
    // Quicken writes month/day unless a day above 12 or the caller says otherwise.
    dates = resolveDates(
      complete.map((record) => record.fields.get('D') ?? { value: '', line: record.line }).map((field) => ({ text: field.value, line: field.line })),
      dateOrder,
      'mdy',
    );
  } catch (error) {
    if (error instanceof StatementImportError) errors.push(error);
    else throw error;
  }
  try {
    amounts = complete.map((record) => {
      const field = amountField(record);
      return readAmount({ text: field.value, line: field.line }, separator);
    });
  } catch (error) {
    if (error instanceof StatementImportError) errors.push(error);
    else throw error;
  }
  const first = errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))[0];
  if (first) throw first;

  const rows = complete.map((record, index): StatementRow => {
    const value = (code: string) => {
      const field = record.fields.get(code)?.value;
      return field === undefined || field === '' ? null : field;
    };
    const payee = value('P');
    const category = value('L');
    return {
      line: record.line,
      externalId: null,
      bookingDate: dates?.dates[index] ?? '',
      valueDate: null,
      amount: amounts?.[index] ?? '0',
      currency: null,
      counterparty: payee,
      description: value('M') ?? payee ?? '',
      notes: category === null ? null : `Category: ${category}`,
      status: 'booked',
    };
  });
  return { rows, dateOrder: dates?.order ?? dateOrder ?? 'mdy', decimalSeparator: separator };
}
