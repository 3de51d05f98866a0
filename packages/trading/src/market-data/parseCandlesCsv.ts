import { parse, type CsvError } from 'csv-parse/sync';
import type { Candle } from './candles.ts';
import { findGaps, type CandleGap } from './findGaps.ts';
import type { Timeframe } from './timeframes.ts';

export type CandleCsvReport = {
  /** Valid candles, ascending by time, one per timestamp. */
  candles: Candle[];
  /** Rows whose timestamp an earlier row already had (the earlier row is kept). */
  duplicates: { line: number; time: number }[];
  gaps: CandleGap[];
  /** Rows that could not be read; 1-based line numbers. A caller rejects the file when there are any. */
  errors: { line: number; message: string }[];
};

const COLUMNS = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;
type Column = (typeof COLUMNS)[number];
const NUMBER_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const EPOCH = /^\d+(\.\d+)?$/;
const ISO_8601 = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;
/** Epoch values below this are seconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const EPOCH_SECONDS_BELOW = 1e11;

/** Epoch milliseconds of an ISO-8601 or epoch seconds/milliseconds timestamp; ISO times without a zone are UTC. */
function parseTimestamp(text: string): number | string {
  if (EPOCH.test(text)) {
    const value = Number(text);
    return Math.round(value < EPOCH_SECONDS_BELOW ? value * 1000 : value);
  }
  const iso = ISO_8601.exec(text);
  if (iso === null) return `timestamp: "${text}" is neither ISO-8601 nor epoch seconds/milliseconds`;
  const [, date, time, zone] = iso;
  const normalizedZone = zone === undefined ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const milliseconds = Date.parse(time === undefined ? `${date}T00:00:00Z` : `${date}T${time}${normalizedZone}`);
  return Number.isFinite(milliseconds) ? milliseconds : `timestamp: "${text}" is not a valid date`;
}

function parseNumber(column: Column, text: string): number | string {
  const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) return `${column}: "${text}" is not a finite number`;
  if (column === 'volume' ? value < 0 : value <= 0) return `${column}: ${text} must be ${column === 'volume' ? 'zero or more' : 'positive'}`;
  return value;
}

function parseRow(fields: string[], positions: Readonly<Record<Column, number>>): Candle | string {
  const time = parseTimestamp(fields[positions.timestamp] ?? '');
  if (typeof time === 'string') return time;
  const numbers: number[] = [];
  for (const column of NUMBER_COLUMNS) {
    const value = parseNumber(column, fields[positions[column]] ?? '');
    if (typeof value === 'string') return value;
    numbers.push(value);
  }
  const [open, high, low, close, volume] = numbers as [number, number, number, number, number];
  if (high < Math.max(open, close)) return `high: ${high} is below open or close`;
  if (low > Math.min(open, close)) return `low: ${low} is above open or close`;
  return { time, open, high, low, close, volume };
}

function headerPositions(header: string[]): Record<Column, number> | string {
  const names = header.map((name) => name.toLowerCase());
  const positions: Partial<Record<Column, number>> = {};
  for (const column of COLUMNS) {
    const position = names.indexOf(column);
    if (position < 0) return `header: missing column "${column}" (expected ${COLUMNS.join(',')})`;
    positions[column] = position;
  }
  return positions as Record<Column, number>;
}

/**
 * Reads `timestamp,open,high,low,close,volume` rows (columns found by header name, extra columns
 * ignored), reporting every bad row instead of stopping at the first, then duplicates and gaps.
 */
export function parseCandlesCsv(text: string, timeframe: Timeframe): CandleCsvReport {
  const rows: { line: number; fields: string[] }[] = [];
  const errors: CandleCsvReport['errors'] = [];
  parse(text, {
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    // Explicit, or csv-parse fixes the delimiter from the first line and then misreads mixed line endings.
    record_delimiter: ['\r\n', '\n', '\r'],
    on_skip: (error: CsvError | undefined) => {
      errors.push({ line: typeof error?.lines === 'number' ? error.lines : 0, message: error?.message ?? 'unreadable CSV' });
    },
    on_record: (fields: string[], context) => {
      rows.push({ line: context.lines, fields });
      return null;
    },
  });

  const [header, ...body] = rows;
  const positions = header === undefined ? 'header: the file is empty' : headerPositions(header.fields);
  if (typeof positions === 'string') return { candles: [], duplicates: [], gaps: [], errors: [{ line: header?.line ?? 1, message: positions }, ...errors] };

  const parsed: { line: number; candle: Candle }[] = [];
  for (const { line, fields } of body) {
    const candle = fields.length === header?.fields.length ? parseRow(fields, positions) : `expected ${header?.fields.length} fields, found ${fields.length}`;
    if (typeof candle === 'string') errors.push({ line, message: candle });
    else parsed.push({ line, candle });
  }
  errors.sort((a, b) => a.line - b.line);

  parsed.sort((a, b) => a.candle.time - b.candle.time || a.line - b.line);
  const candles: Candle[] = [];
  const duplicates: CandleCsvReport['duplicates'] = [];
  for (const { line, candle } of parsed) {
    if (candle.time === candles.at(-1)?.time) duplicates.push({ line, time: candle.time });
    else candles.push(candle);
  }
  duplicates.sort((a, b) => a.line - b.line);
  return { candles, duplicates, gaps: findGaps(candles.map((candle) => candle.time), timeframe), errors };
}
