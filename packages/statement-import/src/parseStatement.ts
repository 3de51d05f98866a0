import { parseCamt053 } from './camt/parseCamt053.ts';
import { parseCsv } from './csv/parseCsv.ts';
import { decodeStatement } from './decode.ts';
import { detectFormat } from './detect.ts';
import { malformedAt } from './errors.ts';
import { parseOfx } from './ofx/parseOfx.ts';
import { parseQif } from './qif/parseQif.ts';
import type { ParsedStatement, ParseStatementOptions } from './types.ts';

/**
 * Reads a bank statement file into rows, all or nothing: a file with any unreadable row throws a
 * StatementImportError naming the first bad line and returns no rows.
 */
export function parseStatement(file: Uint8Array, options: ParseStatementOptions = {}): ParsedStatement {
  const { text, encoding } = decodeStatement(file);
  if (text.trim() === '') throw malformedAt(1, 'the file is empty');
  const format = options.format ?? detectFormat(text, options.fileName);
  switch (format) {
    case 'csv': {
      const { rows, detected } = parseCsv(text, options.csv ?? {}, options.dateOrder);
      return { format, rows, detected: { encoding, ...detected } };
    }
    case 'ofx': {
      const { rows, account, variant } = parseOfx(text);
      return { format, rows, account, detected: { encoding, variant } };
    }
    case 'qif': {
      const { rows, dateOrder, decimalSeparator } = parseQif(text, options.dateOrder);
      return { format, rows, detected: { encoding, dateOrder, decimalSeparator } };
    }
    case 'camt053': {
      const { rows, account } = parseCamt053(text);
      return { format, rows, account, detected: { encoding } };
    }
  }
}
