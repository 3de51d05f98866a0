import { parseStatement, StatementImportError, type CsvMapping, type ParsedStatement, type StatementFormat } from '@ai-service/statement-import';
import { FinancialError } from '../../errors.ts';

/** Parses a statement file; a file it cannot read is the caller's input problem, naming the first bad line. */
export function readStatement(file: Buffer, options: { format?: StatementFormat | undefined; mapping?: CsvMapping | undefined; fileName?: string | null | undefined }): ParsedStatement {
  try {
    return parseStatement(file, {
      ...(options.format ? { format: options.format } : {}),
      ...(options.mapping ? { csv: options.mapping } : {}),
      ...(options.fileName ? { fileName: options.fileName } : {}),
    });
  } catch (error) {
    if (!(error instanceof StatementImportError)) throw error;
    throw new FinancialError('invalid_input', error.message, {
      field: error.code === 'invalid_mapping' ? 'mapping' : 'file',
      details: { line: error.line ?? null, reason: error.code },
    });
  }
}
