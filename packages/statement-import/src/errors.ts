export type StatementImportErrorCode =
  /** The file cannot be read as the format it claims or was detected as; `line` names the first bad line. */
  | 'malformed_file'
  /** A format the parser does not read (an investment QIF, a CSV without a recognizable table). */
  | 'unsupported_format'
  /** The CSV mapping names a column the file does not have, or leaves the date or amount unmapped. */
  | 'invalid_mapping';

/** The one error of this package; services map it to a 422 problem naming the line. */
export class StatementImportError extends Error {
  readonly code: StatementImportErrorCode;
  /** 1-based line of the file at fault, when one is. */
  readonly line: number | undefined;

  constructor(code: StatementImportErrorCode, message: string, options: { line?: number; cause?: unknown } = {}) {
    super(options.line === undefined ? message : `line ${options.line}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StatementImportError';
    this.code = code;
    this.line = options.line;
  }
}

export function malformedAt(line: number, message: string): StatementImportError {
  return new StatementImportError('malformed_file', message, { line });
}
