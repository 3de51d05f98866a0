import { z } from 'zod';

/** The fields a CSV column can feed. `debit`/`credit` replace `amount` in banks that split them. */
export const CSV_FIELDS = ['bookingDate', 'valueDate', 'amount', 'debit', 'credit', 'description', 'counterparty', 'externalId', 'currency', 'notes', 'status'] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** A header name as written in the file, or a 0-based column index. */
const columnRef = z.union([z.string().trim().min(1), z.number().int().min(0)]);

/**
 * How to read one bank's CSV. Every part is optional: what is left out is detected. Stored per
 * tenant as import presets, so it is also the API's shape.
 */
export const csvMappingSchema = z
  .object({
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
    decimalSeparator: z.enum(['.', ',']).optional(),
    dateOrder: z.enum(['dmy', 'mdy', 'ymd']).optional(),
    /** false: the table has no header row, so columns are given as indexes. */
    header: z.boolean().optional(),
    columns: z
      .object({
        bookingDate: columnRef.optional(),
        valueDate: columnRef.optional(),
        amount: columnRef.optional(),
        debit: columnRef.optional(),
        credit: columnRef.optional(),
        /** Several columns are joined with a space (banks that split the concept). */
        description: z.union([columnRef, z.array(columnRef).min(1)]).optional(),
        counterparty: columnRef.optional(),
        externalId: columnRef.optional(),
        currency: columnRef.optional(),
        notes: columnRef.optional(),
        status: columnRef.optional(),
      })
      .strict()
      .optional(),
    /** Card exports that write charges as positive amounts. */
    invertSign: z.boolean().optional(),
    /** Currency of rows without a currency column. */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
  })
  .strict();

export type CsvMapping = z.infer<typeof csvMappingSchema>;
export type ColumnRef = z.infer<typeof columnRef>;

/** Header names in lower case without accents or punctuation, as `normalizeHeader` writes them. */
const ALIASES: Record<CsvField, readonly string[]> = {
  bookingDate: ['date', 'booking date', 'transaction date', 'posting date', 'posted date', 'trans date', 'completed date', 'fecha', 'fecha operacion', 'f operacion', 'fecha de operacion', 'fecha contable', 'buchungstag', 'buchungsdatum', 'datum', 'date operation', 'date de l operation', 'data', 'data operazione', 'data contabile'],
  valueDate: ['value date', 'valuta', 'valutadatum', 'wertstellung', 'fecha valor', 'f valor', 'date de valeur', 'date valeur', 'data valuta'],
  amount: ['amount', 'importe', 'betrag', 'montant', 'importo', 'transaction amount', 'cantidad'],
  debit: ['debit', 'debe', 'cargo', 'cargos', 'withdrawal', 'withdrawals', 'paid out', 'money out', 'soll', 'debit amount', 'debito', 'addebiti'],
  credit: ['credit', 'haber', 'abono', 'abonos', 'deposit', 'deposits', 'paid in', 'money in', 'haben', 'credit amount', 'credito', 'accrediti'],
  description: ['description', 'concepto', 'concept', 'details', 'transaction details', 'payment reference', 'verwendungszweck', 'buchungstext', 'libelle', 'descrizione', 'narrative', 'movimiento', 'descripcion', 'memo'],
  counterparty: ['counterparty', 'payee', 'beneficiary', 'name', 'merchant', 'partner name', 'payer', 'other party', 'empfaenger', 'auftraggeber', 'beguenstigter zahlungspflichtiger', 'beneficiario', 'ordenante', 'tercero', 'contrepartie'],
  externalId: ['reference', 'ref', 'transaction id', 'id', 'referencia', 'transaction reference', 'reference number', 'fitid'],
  currency: ['currency', 'moneda', 'divisa', 'waehrung', 'wahrung', 'devise', 'ccy'],
  notes: ['notes', 'note', 'observaciones', 'comments', 'comment', 'remarks', 'mas datos', 'additional information'],
  status: ['status', 'estado', 'state'],
};

export function normalizeHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Known fields among a row's cells: exact alias matches first, then cells that start with an
 * alias ("Importe (EUR)", "Amount EUR"), each cell feeding at most one field.
 */
export function matchKnownColumns(cells: readonly string[]): Partial<Record<CsvField, number>> {
  const normalized = cells.map(normalizeHeader);
  const found: Partial<Record<CsvField, number>> = {};
  const used = new Set<number>();
  for (const prefix of [false, true]) {
    for (const field of CSV_FIELDS) {
      if (found[field] !== undefined) continue;
      const index = normalized.findIndex(
        (cell, position) => !used.has(position) && cell !== '' && ALIASES[field].some((alias) => (prefix ? cell.startsWith(`${alias} `) : cell === alias)),
      );
      if (index >= 0) {
        found[field] = index;
        used.add(index);
      }
    }
  }
  return found;
}

export function hasDateAndAmount(columns: Partial<Record<CsvField, number>>): boolean {
  return columns.bookingDate !== undefined && (columns.amount !== undefined || columns.debit !== undefined || columns.credit !== undefined);
}
