import type { DecimalSeparator } from '@ai-service/money';
import type { CsvMapping } from './csv/mapping.ts';

export type StatementFormat = 'csv' | 'ofx' | 'qif' | 'camt053';

/** Which of day, month and year comes first in a numeric date such as 05/01/2024. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';

/** One movement as the bank wrote it, normalized; `line` is where it starts in the file (1-based). */
export type StatementRow = {
  line: number;
  externalId: string | null;
  /** yyyy-mm-dd */
  bookingDate: string;
  valueDate: string | null;
  /** Canonical decimal string; negative is money out of the account. */
  amount: string;
  currency: string | null;
  counterparty: string | null;
  description: string;
  notes: string | null;
  status: 'booked' | 'pending';
};

/** What the file says about the account it was exported from. */
export type StatementAccount = {
  iban?: string;
  accountNumber?: string;
  bankId?: string;
  currency?: string;
  balance?: { amount: string; date: string | null };
};

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** How the file was read, so a user can check (and correct through a mapping) what was guessed. */
export type DetectedLayout = {
  encoding: TextEncoding;
  delimiter?: string;
  decimalSeparator?: DecimalSeparator;
  dateOrder?: DateOrder;
  /** 1-based line of the CSV header row. */
  headerLine?: number;
  /** CSV: which header feeds which field. */
  columns?: Record<string, string>;
  /** OFX 1.x (SGML) or 2.x (XML). */
  variant?: 'sgml' | 'xml';
};

export type ParsedStatement = {
  format: StatementFormat;
  rows: StatementRow[];
  account?: StatementAccount;
  detected: DetectedLayout;
};

export type ParseStatementOptions = {
  format?: StatementFormat;
  csv?: CsvMapping;
  /** Date order for QIF (and CSV without a mapping that sets one) when the dates leave it open. */
  dateOrder?: DateOrder;
  fileName?: string;
};
