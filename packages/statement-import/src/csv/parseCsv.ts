import { negateDecimal, sumDecimals, type DecimalSeparator } from '@ai-service/money';
import { resolveDates, type DateCell } from '../dates.ts';
import { detectDecimalSeparator, readAmount } from '../decimals.ts';
import { malformedAt, StatementImportError } from '../errors.ts';
import type { DateOrder, DetectedLayout, StatementRow } from '../types.ts';
import { CSV_FIELDS, hasDateAndAmount, matchKnownColumns, normalizeHeader, type ColumnRef, type CsvField, type CsvMapping } from './mapping.ts';
import { detectDelimiter, readRecords, SAMPLE_LINES, type CsvRecord } from './records.ts';

type Columns = Partial<Record<CsvField, number>> & { descriptionParts: number[] };

/** Where the table starts (its header row, or its first row without one) and how its columns map. */
type TableStart = { header: string[]; headerLine: number | undefined; firstLine: number; columns: Columns };

const isBlank = (record: CsvRecord) => record.cells.every((text) => text.trim() === '');

const PENDING = /^(pending|pendiente|pdng|vorgemerkt|en attente|in sospeso|authori[sz]ed)$/i;
/** Rows a bank lists but that moved no money (Revolut, PayPal); they are not imported. */
const NOT_MOVED = /^(declined|reverted|reversed|denied|failed|cancell?ed|rechazad[ao]|anulad[ao])$/i;

export function parseCsv(text: string, mapping: CsvMapping, fallbackDateOrder: DateOrder | undefined): { rows: StatementRow[]; detected: Omit<DetectedLayout, 'encoding'> } {
  if (text.trim() === '') throw malformedAt(1, 'the file is empty');
  const delimiter = mapping.delimiter ?? detectDelimiter(text);
  const sample = readRecords(text, delimiter, { toLine: SAMPLE_LINES });
  const start = locateTable(sample.records, mapping, sample.failure);
  const { records, failure } = readRecords(text, delimiter, { fromLine: start.firstLine });
  const table = { ...start, rows: records.slice(start.headerLine === undefined ? 0 : 1).filter((record) => !isBlank(record)) };
  const { columns, rows } = table;
  const width = table.header.length;

  const cell = (record: CsvRecord, column: number | undefined): string => (column === undefined ? '' : (record.cells[column] ?? '').trim());
  const firstErrors: StatementImportError[] = failure ? [failure] : [];
  const attempt = <T>(step: () => T): T | undefined => {
    try {
      return step();
    } catch (error) {
      if (error instanceof StatementImportError) firstErrors.push(error);
      else throw error;
      return undefined;
    }
  };

  const kept = rows.filter((record) => !NOT_MOVED.test(cell(record, columns.status)));
  const wide = kept.find((record) => record.cells.slice(width).some((extra) => extra.trim() !== ''));
  if (wide) firstErrors.push(malformedAt(wide.line, `expected ${width} columns, found ${wide.cells.length}`));

  const amountTexts: string[] = [];
  for (const record of kept) {
    for (const column of [columns.amount, columns.debit, columns.credit]) {
      const text = cell(record, column);
      if (text !== '') amountTexts.push(text);
    }
  }
  const separator: DecimalSeparator = mapping.decimalSeparator ?? detectDecimalSeparator(amountTexts, delimiter === ';' ? ',' : '.');
  const dateFallback = fallbackDateOrder ?? (separator === ',' ? 'dmy' : 'mdy');

  // Booking and value dates share one day/month order, decided over both in file order (a row's booking date first).
  const allDates: DateCell[] = [];
  const bookingAt: number[] = [];
  const valueAt: number[] = [];
  for (const record of kept) {
    bookingAt.push(allDates.push({ text: cell(record, columns.bookingDate), line: record.line }) - 1);
    const value = cell(record, columns.valueDate);
    valueAt.push(value === '' ? -1 : allDates.push({ text: value, line: record.line }) - 1);
  }
  const resolved = attempt(() => resolveDates(allDates, mapping.dateOrder, dateFallback));
  const amounts = attempt(() => kept.map((record) => readRowAmount(record, columns, separator, mapping.invertSign === true, cell)));

  if (firstErrors.length > 0) throw firstErrors.reduce((first, error) => ((error.line ?? 0) < (first.line ?? 0) ? error : first));

  const statementRows = kept.map((record, index): StatementRow => {
    const counterparty = cell(record, columns.counterparty);
    const description = columns.descriptionParts.map((column) => cell(record, column)).filter((part) => part !== '').join(' ');
    const currency = cell(record, columns.currency).toUpperCase();
    const externalId = cell(record, columns.externalId);
    const notes = cell(record, columns.notes);
    const valueIndex = valueAt[index] ?? -1;
    return {
      line: record.line,
      externalId: externalId === '' ? null : externalId,
      bookingDate: resolved?.dates[bookingAt[index] ?? -1] ?? '',
      valueDate: valueIndex < 0 ? null : (resolved?.dates[valueIndex] ?? ''),
      amount: amounts?.[index] ?? '0',
      currency: /^[A-Z]{3}$/.test(currency) ? currency : (mapping.currency ?? null),
      counterparty: counterparty === '' ? null : counterparty,
      description: description === '' ? counterparty : description,
      notes: notes === '' ? null : notes,
      status: PENDING.test(cell(record, columns.status)) ? 'pending' : 'booked',
    };
  });

  const named = Object.fromEntries(
    CSV_FIELDS.flatMap((field) => {
      const column = field === 'description' ? columns.descriptionParts[0] : columns[field];
      return column === undefined ? [] : [[field, table.header[column] || `column ${column + 1}`]];
    }),
  );
  return {
    rows: statementRows,
    detected: {
      delimiter,
      decimalSeparator: separator,
      dateOrder: resolved?.order ?? dateFallback,
      ...(table.headerLine === undefined ? {} : { headerLine: table.headerLine }),
      columns: named,
    },
  };
}

function readRowAmount(record: CsvRecord, columns: Columns, separator: DecimalSeparator, invert: boolean, cell: (record: CsvRecord, column: number | undefined) => string): string {
  let amount: string;
  if (columns.amount !== undefined) {
    amount = readAmount({ text: cell(record, columns.amount), line: record.line }, separator);
  } else {
    const debitText = cell(record, columns.debit);
    const creditText = cell(record, columns.credit);
    if (debitText === '' && creditText === '') throw malformedAt(record.line, 'neither a debit nor a credit amount');
    const magnitude = (text: string) => (text === '' ? '0' : readAmount({ text, line: record.line }, separator).replace(/^-/, ''));
    amount = sumDecimals([magnitude(creditText), negateDecimal(magnitude(debitText))]);
  }
  return invert ? negateDecimal(amount) : amount;
}

/**
 * Finds the header row below any preamble (holder, IBAN, period): the first row holding every
 * column the mapping names, or else the first with a recognizable date and amount column. Without
 * a header row (`header: false`) the table starts at the first row as wide as most rows.
 */
function locateTable(records: CsvRecord[], mapping: CsvMapping, failure: StatementImportError | undefined): TableStart {
  const refs = mapping.columns ?? {};
  const named = Object.values(refs)
    .flat()
    .filter((ref): ref is string => typeof ref === 'string');

  if (mapping.header === false) {
    if (named.length > 0) throw new StatementImportError('invalid_mapping', `a file without a header row needs column indexes, not names ("${named[0]}")`);
    const widths = new Map<number, number>();
    for (const record of records) if (!isBlank(record)) widths.set(record.cells.length, (widths.get(record.cells.length) ?? 0) + 1);
    const width = [...widths].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
    const first = records.find((record) => record.cells.length === width);
    const header = Array.from({ length: width }, () => '');
    const columns = resolveColumns(header, {}, mapping);
    return { header, headerLine: undefined, firstLine: first?.line ?? 1, columns };
  }

  const wanted = named.map(normalizeHeader);
  const headerIndex = records.findIndex((record) => {
    const cells = record.cells.map(normalizeHeader);
    if (wanted.length > 0) return wanted.every((name) => cells.includes(name));
    return hasDateAndAmount(matchKnownColumns(record.cells));
  });
  const headerRecord = records[headerIndex];
  if (!headerRecord) {
    if (failure) throw failure;
    const missing = wanted.length > 0 ? `no row holds the columns ${named.map((name) => `"${name}"`).join(', ')}` : 'no header row with a date and an amount column';
    throw new StatementImportError('invalid_mapping', `${missing}; choose a preset or give a column mapping`);
  }
  const header = headerRecord.cells.map((text) => text.trim());
  const columns = resolveColumns(header, matchKnownColumns(header), mapping);
  return { header, headerLine: headerRecord.line, firstLine: headerRecord.line, columns };
}

function resolveColumns(header: string[], detected: Partial<Record<CsvField, number>>, mapping: CsvMapping): Columns {
  const normalized = header.map(normalizeHeader);
  const indexOf = (ref: ColumnRef): number => {
    const index = typeof ref === 'number' ? (ref < header.length ? ref : -1) : normalized.indexOf(normalizeHeader(ref));
    if (index < 0) throw new StatementImportError('invalid_mapping', `column ${JSON.stringify(ref)} is not in the file`);
    return index;
  };
  const explicit = mapping.columns ?? {};
  const columns: Columns = { ...detected, descriptionParts: [] };
  const claimed = new Set<number>();
  for (const field of CSV_FIELDS) {
    const ref = explicit[field];
    if (ref === undefined) continue;
    const indexes = (Array.isArray(ref) ? ref : [ref]).map(indexOf);
    indexes.forEach((index) => claimed.add(index));
    if (field === 'description') columns.descriptionParts = indexes;
    else columns[field] = indexes[0];
  }
  // A detected column the mapping gave to another field is not read twice.
  for (const field of CSV_FIELDS) {
    const index = columns[field];
    if (explicit[field] === undefined && index !== undefined && claimed.has(index)) delete columns[field];
  }
  if (explicit.amount !== undefined) {
    if (explicit.debit === undefined) delete columns.debit;
    if (explicit.credit === undefined) delete columns.credit;
  } else if (explicit.debit !== undefined || explicit.credit !== undefined) {
    delete columns.amount;
  } else if (columns.amount !== undefined) {
    delete columns.debit;
    delete columns.credit;
  }
  if (columns.descriptionParts.length === 0 && columns.description !== undefined) columns.descriptionParts = [columns.description];
  if (columns.bookingDate === undefined) throw new StatementImportError('invalid_mapping', 'no column for the booking date; map "bookingDate"');
  if (columns.amount === undefined && columns.debit === undefined && columns.credit === undefined) {
    throw new StatementImportError('invalid_mapping', 'no column for the amount; map "amount", or "debit" and "credit"');
  }
  return columns;
}
