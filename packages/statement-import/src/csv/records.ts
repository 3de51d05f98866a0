import Papa from 'papaparse';
import { malformedAt, type StatementImportError } from '../errors.ts';

export type CsvRecord = { line: number; cells: string[] };

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Lines read to detect the delimiter and find the table: enough for any preamble banks write. */
export const SAMPLE_LINES = 200;

/** What a quoting error of Papa Parse means, in the words of a malformed-file message. */
const QUOTE_PROBLEMS: Record<string, string> = { MissingQuotes: 'quote not closed', InvalidQuotes: 'invalid closing quote' };

/** The line break the text uses (a file of old Macs breaks lines with CR alone). */
const lineBreakOf = (text: string) => (text.includes('\n') ? '\n' : text.includes('\r') ? '\r' : '\n');

/** Offset where line `line` (1-based) starts, or the text's length when it has fewer lines. */
function lineOffset(text: string, line: number, lineBreak: string): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf(lineBreak, offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset;
}

function countLineBreaks(text: string, from: number, to: number, lineBreak: string): number {
  let count = 0;
  for (let at = text.indexOf(lineBreak, from); at !== -1 && at < to; at = text.indexOf(lineBreak, at + 1)) count++;
  return count;
}

/**
 * Every record of lines `fromLine`…`toLine`, with the line it starts on. Quotes are only special at the start of a field, so a stray quote inside one is
 * kept as text. A quoting error ends the reading: the records before it are returned with
 * `failure` naming the line where the broken record starts, so the caller can still report an
 * earlier bad row first. Papa Parse rather than csv-parse: it reads a 100,000-row statement about
 * five times faster, and an import reads its file twice (when accepted, then in the job).
 */
export function readRecords(
  text: string,
  delimiter: Delimiter,
  { fromLine = 1, toLine }: { fromLine?: number; toLine?: number } = {},
): { records: CsvRecord[]; failure?: StatementImportError } {
  const lineBreak = lineBreakOf(text);
  const start = Math.max(lineOffset(text, fromLine, lineBreak), text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const end = toLine === undefined ? text.length : lineOffset(text, toLine + 1, lineBreak);
  const slice = text.slice(start, end);
  const records: CsvRecord[] = [];
  let failure: StatementImportError | undefined;
  let line = fromLine;
  let cursor = 0;
  Papa.parse<string[]>(slice, {
    delimiter,
    newline: lineBreak === '\n' ? undefined : '\r',
    step: (result, parser) => {
      const quoting = result.errors.find((error) => error.type === 'Quotes');
      if (quoting) {
        failure = malformedAt(line, QUOTE_PROBLEMS[quoting.code] ?? 'malformed quotes');
        parser.abort();
        return;
      }
      // The line break ending the last line opens no record (Papa Parse reports an empty one at the end).
      if (cursor === slice.length) return;
      records.push({ line, cells: result.data });
      // meta.cursor is where the next record starts: past this one's line breaks, quoted ones included.
      line += countLineBreaks(slice, cursor, result.meta.cursor, lineBreak);
      cursor = result.meta.cursor;
    },
  });
  return failure ? { records, failure } : { records };
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
