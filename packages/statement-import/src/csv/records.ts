import { CsvError, parse, type Options } from 'csv-parse/sync';
import { malformedAt, type StatementImportError } from '../errors.ts';

export type CsvRecord = { line: number; cells: string[] };

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Lines read to detect the delimiter and find the table: enough for any preamble banks write. */
export const SAMPLE_LINES = 200;

const BASE_OPTIONS: Options = { relax_column_count: true, relax_quotes: true, bom: true };

/**
 * Every record from `fromLine` on, with the line it starts on. csv-parse takes the first record's
 * width as the expected one (and builds an error object for every record of another width, even
 * relaxed), so the caller starts at the table's first line. A quoting error ends the reading: the records before
 * it are returned with `failure` naming the line where the broken record starts, so the caller
 * can still report an earlier bad row first.
 */
export function readRecords(
  text: string,
  delimiter: Delimiter,
  { fromLine = 1, toLine }: { fromLine?: number; toLine?: number } = {},
): { records: CsvRecord[]; failure?: StatementImportError } {
  const records: CsvRecord[] = [];
  let lastEnd = fromLine - 1;
  try {
    parse(text, {
      ...BASE_OPTIONS,
      delimiter,
      from_line: fromLine,
      ...(toLine === undefined ? {} : { to_line: toLine }),
      on_record: (cells: string[], context) => {
        records.push({ line: lastEnd + 1, cells });
        lastEnd = context.lines;
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return { records, failure: malformedAt(lastEnd + 1, error.message.replace(/:.*$/, '').toLowerCase()) };
  }
  return { records };
}

/**
 * The delimiter that splits the most rows into the same number (at least two) of cells; on a
 * tie the one giving more cells, since "1.234,56" amounts also split on commas.
 */
export function detectDelimiter(text: string): Delimiter {
  let best: { delimiter: Delimiter; rows: number; width: number } = { delimiter: ',', rows: 0, width: 0 };
  for (const delimiter of DELIMITERS) {
    const counts = new Map<number, number>();
    for (const { cells } of readRecords(text, delimiter, { toLine: SAMPLE_LINES }).records) if (cells.length >= 2) counts.set(cells.length, (counts.get(cells.length) ?? 0) + 1);
    for (const [width, rows] of counts) {
      if (rows > best.rows || (rows === best.rows && width > best.width)) best = { delimiter, rows, width };
    }
  }
  return best.delimiter;
}
