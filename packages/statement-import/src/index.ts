export { BUILT_IN_CSV_PRESETS, builtInCsvPreset, type CsvPreset } from './csv/presets.ts';
export { CSV_FIELDS, csvMappingSchema, type CsvField, type CsvMapping } from './csv/mapping.ts';
export { StatementImportError, type StatementImportErrorCode } from './errors.ts';
export { parseStatement } from './parseStatement.ts';
export type {
  DateOrder,
  DetectedLayout,
  ParsedStatement,
  ParseStatementOptions,
  StatementAccount,
  StatementFormat,
  StatementRow,
} from './types.ts';
