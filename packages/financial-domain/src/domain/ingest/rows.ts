import { CURRENCY_PATTERN } from '@ai-service/money';
import type { StatementRow } from '@ai-service/statement-import';
import { isFinancialError } from '../../errors.ts';
import { parseAmount } from '../../money.ts';

/**
 * One transaction as a statement file or a bank provider gives it: what imports and bank sync
 * both hand to ingestTransactions. `line` is where it came from (file line, or position in the
 * provider's answer) for error messages; `currency` null means the account's.
 */
export type IngestRow = Omit<StatementRow, 'raw' | 'line'> & { line?: number };

/** A row as stored: amount canonical, texts trimmed, empty texts null. */
export type CheckedRow = Omit<IngestRow, 'line' | 'currency'> & { line: number | null; currency: string };

export type RowProblem = { index: number; line: number | null; field: string; message: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 4000;
const MAX_EXTERNAL_ID = 500;

function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

const text = (value: string | null, limit = MAX_TEXT) => {
  const trimmed = value?.trim().slice(0, limit) ?? '';
  return trimmed === '' ? null : trimmed;
};

/**
 * Checks every row against the account it goes to: dates, an amount its currency can hold, the
 * account's currency. Returns the rows as they will be stored and the problems, in row order.
 */
export function checkIngestRows(rows: readonly IngestRow[], accountCurrency: string): { rows: CheckedRow[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  // A statement repeats few distinct dates: each is checked once.
  const dates = new Map<string, boolean>();
  const isDate = (value: string) => dates.get(value) ?? dates.set(value, isCalendarDate(value)).get(value)!;
  const checked = rows.map((row, index): CheckedRow => {
    const line = row.line ?? null;
    const problem = (field: string, message: string) => problems.push({ index, line, field, message });
    if (!isDate(row.bookingDate)) problem('bookingDate', `booking date "${row.bookingDate}" is not a yyyy-mm-dd date`);
    if (row.valueDate !== null && !isDate(row.valueDate)) problem('valueDate', `value date "${row.valueDate}" is not a yyyy-mm-dd date`);
    const currency = row.currency?.trim().toUpperCase() || accountCurrency;
    if (!CURRENCY_PATTERN.test(currency) || currency !== accountCurrency) problem('currency', `the amount is in ${currency} but the account is in ${accountCurrency}`);
    let amount = row.amount;
    try {
      amount = parseAmount('amount', row.amount, accountCurrency);
    } catch (error) {
      if (!isFinancialError(error)) throw error;
      problem('amount', error.message.replace(/^amount /, `amount "${row.amount}" `));
    }
    const externalId = text(row.externalId, MAX_EXTERNAL_ID);
    if (externalId !== null && externalId.length < (row.externalId?.trim().length ?? 0)) problem('externalId', `the external id is longer than ${MAX_EXTERNAL_ID} characters`);
    return {
      line,
      externalId,
      bookingDate: row.bookingDate,
      valueDate: row.valueDate,
      amount,
      currency,
      counterparty: text(row.counterparty),
      description: text(row.description) ?? '',
      notes: text(row.notes),
      status: row.status,
    };
  });
  return { rows: checked, problems };
}

/** "line 12: the amount is in USD but the account is in EUR" (or the row number when there is no line). */
export function describeProblem(problem: RowProblem): string {
  return `${problem.line === null ? `row ${problem.index + 1}` : `line ${problem.line}`}: ${problem.message}`;
}
