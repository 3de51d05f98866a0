import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { builtInCsvPreset, parseStatement, StatementImportError, type StatementRow } from '../index.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url));
const csv = (text: string) => Buffer.from(text, 'utf8');
const row = (fields: Partial<StatementRow> & Pick<StatementRow, 'line' | 'bookingDate' | 'amount' | 'description'>): StatementRow => ({
  externalId: null,
  valueDate: null,
  currency: null,
  counterparty: null,
  notes: null,
  status: 'booked',
  ...fields,
});

function assertMalformedAt(run: () => unknown, line: number, message?: RegExp) {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof StatementImportError);
    assert.equal(error.code, 'malformed_file');
    assert.equal(error.line, line);
    if (message) assert.match(error.message, message);
    return true;
  });
}

test('generic CSV: quoted commas and quotes, identical rows kept, ids from the reference column', () => {
  const parsed = parseStatement(fixture('generic.csv'), { fileName: 'generic.csv' });
  assert.equal(parsed.format, 'csv');
  assert.deepEqual(parsed.detected, {
    encoding: 'utf-8',
    delimiter: ',',
    decimalSeparator: '.',
    dateOrder: 'mdy',
    headerLine: 1,
    columns: { bookingDate: 'Date', amount: 'Amount', description: 'Description', counterparty: 'Payee', externalId: 'Reference', currency: 'Currency' },
  });
  assert.deepEqual(parsed.rows, [
    row({ line: 2, externalId: 'TX-1001', bookingDate: '2024-03-01', amount: '3200', currency: 'EUR', counterparty: 'ACME Corp', description: 'Salary March, ACME Corp' }),
    row({ line: 3, externalId: 'TX-1002', bookingDate: '2024-03-02', amount: '-1150', currency: 'EUR', counterparty: 'Landlord Ltd', description: 'Rent' }),
    row({ line: 4, bookingDate: '2024-03-04', amount: '-3.5', currency: 'EUR', counterparty: 'Café Central', description: 'Coffee' }),
    row({ line: 5, bookingDate: '2024-03-04', amount: '-3.5', currency: 'EUR', counterparty: 'Café Central', description: 'Coffee' }),
    row({ line: 6, externalId: 'TX-1005', bookingDate: '2024-03-05', amount: '-84.37', currency: 'EUR', counterparty: 'Mercado Sol', description: 'Groceries "weekly"' }),
    row({ line: 7, externalId: 'TX-1006', bookingDate: '2024-03-07', amount: '12.99', currency: 'EUR', counterparty: 'Online Shop', description: 'Refund' }),
  ]);
});

const SPANISH_ROWS = [
  row({ line: 7, bookingDate: '2024-01-02', valueDate: '2024-01-02', amount: '2450', description: 'TRANSFERENCIA RECIBIDA NÓMINA ENERO' }),
  row({ line: 8, bookingDate: '2024-01-03', valueDate: '2024-01-03', amount: '-62.15', description: 'COMPRA TARJETA MERCADONA VALENCIA' }),
  row({ line: 9, bookingDate: '2024-01-05', valueDate: '2024-01-04', amount: '-78.4', description: 'RECIBO IBERDROLA CLIENTES' }),
  row({ line: 10, bookingDate: '2024-01-08', valueDate: '2024-01-08', amount: '-25', description: 'BIZUM ENVIADO CENA' }),
  row({ line: 11, bookingDate: '2024-01-15', valueDate: '2024-01-15', amount: '-1234.56', description: 'TRANSFERENCIA ALQUILER PISO' }),
  row({ line: 12, bookingDate: '2024-01-22', valueDate: '2024-01-20', amount: '19.99', description: 'DEVOLUCION COMPRA AMAZON' }),
];

test('Spanish bank CSV: preamble skipped, ";" separator, "1.234,56" amounts, dd/mm/yyyy dates', () => {
  const parsed = parseStatement(fixture('spanish-bank.csv'), { fileName: 'movimientos.csv' });
  assert.deepEqual(parsed.rows, SPANISH_ROWS);
  assert.deepEqual(parsed.detected, {
    encoding: 'utf-8',
    delimiter: ';',
    decimalSeparator: ',',
    dateOrder: 'dmy',
    headerLine: 6,
    columns: { bookingDate: 'Fecha Operación', valueDate: 'Fecha Valor', amount: 'Importe', description: 'Concepto' },
  });
});

test('Spanish bank CSV in Windows-1252 reads the same rows', () => {
  const latin1 = Buffer.from(fixture('spanish-bank.csv').toString('utf8').replace(/^\ufeff/, ''), 'latin1');
  const parsed = parseStatement(latin1, { fileName: 'movimientos.csv' });
  assert.equal(parsed.detected.encoding, 'windows-1252');
  assert.deepEqual(parsed.rows, SPANISH_ROWS);
});

test('ambiguous dates follow the decimal separator, and a mapping overrides', () => {
  const european = csv('Fecha;Concepto;Importe\n01/02/2024;Uno;-1,50\n03/04/2024;Dos;2,00\n');
  assert.deepEqual(
    parseStatement(european).rows.map((entry) => entry.bookingDate),
    ['2024-02-01', '2024-04-03'],
  );
  const american = csv('Date,Description,Amount\n01/02/2024,One,-1.50\n03/04/2024,Two,2.00\n');
  assert.deepEqual(
    parseStatement(american).rows.map((entry) => entry.bookingDate),
    ['2024-01-02', '2024-03-04'],
  );
  assert.deepEqual(
    parseStatement(american, { csv: { dateOrder: 'dmy' } }).rows.map((entry) => entry.bookingDate),
    ['2024-02-01', '2024-04-03'],
  );
  const dotted = csv('Date,Description,Amount\n01.02.2024,One,-1.50\n03.04.2024,Two,2.00\n');
  assert.deepEqual(
    parseStatement(dotted).rows.map((entry) => entry.bookingDate),
    ['2024-02-01', '2024-04-03'],
    'dotted dates are day-first',
  );
  const settled = csv('Date,Description,Amount\n01/02/2024,One,-1.50\n25/04/2024,Two,2.00\n');
  assert.deepEqual(
    parseStatement(settled).rows.map((entry) => entry.bookingDate),
    ['2024-02-01', '2024-04-25'],
    'one day above 12 settles day-first for the whole file',
  );
});

test('other delimiters, dd.mm.yyyy dates and separate debit/credit columns', () => {
  const german = csv('Buchungstag\tVerwendungszweck\tSoll\tHaben\n05.01.2024\tMiete\t1.200,00\t\n06.01.2024\tGehalt\t\t3.000,50\n');
  assert.deepEqual(
    parseStatement(german).rows.map(({ bookingDate, amount, description }) => ({ bookingDate, amount, description })),
    [
      { bookingDate: '2024-01-05', amount: '-1200', description: 'Miete' },
      { bookingDate: '2024-01-06', amount: '3000.5', description: 'Gehalt' },
    ],
  );
  const piped = csv('Date|Memo|Amount\n2024-02-01|Fee|-2.5\n');
  assert.equal(parseStatement(piped).detected.delimiter, '|');
  assert.equal(parseStatement(piped).rows[0]?.amount, '-2.5');
});

test('a preset maps named columns, pending status and skips rows that moved no money', () => {
  const revolut = csv(
    [
      'Type,Product,Started Date,Completed Date,Description,Amount,Fee,Currency,State,Balance',
      'CARD_PAYMENT,Current,2024-05-01 12:01:02,2024-05-02 08:00:00,Lidl,-23.45,0.00,EUR,COMPLETED,976.55',
      'CARD_PAYMENT,Current,2024-05-03 18:30:00,,Uber,-12.00,0.00,EUR,PENDING,',
      'CARD_PAYMENT,Current,2024-05-03 19:00:00,,Bar,-5.00,0.00,EUR,DECLINED,',
    ].join('\n'),
  );
  const preset = builtInCsvPreset('revolut');
  assert.ok(preset);
  const parsed = parseStatement(revolut, { csv: preset.mapping });
  assert.deepEqual(parsed.rows, [
    row({ line: 2, bookingDate: '2024-05-01', amount: '-23.45', currency: 'EUR', description: 'Lidl' }),
    row({ line: 3, bookingDate: '2024-05-03', amount: '-12', currency: 'EUR', description: 'Uber', status: 'pending' }),
  ]);
});

test('a file without a header row is read with column indexes', () => {
  const headerless = csv('Exported 2024-06-30\n2024-06-01;Bakery;-4,20\n2024-06-02;Refund;10,00\n');
  const parsed = parseStatement(headerless, { csv: { header: false, delimiter: ';', columns: { bookingDate: 0, description: 1, amount: 2 } } });
  assert.deepEqual(
    parsed.rows.map(({ line, bookingDate, amount, description }) => ({ line, bookingDate, amount, description })),
    [
      { line: 2, bookingDate: '2024-06-01', amount: '-4.2', description: 'Bakery' },
      { line: 3, bookingDate: '2024-06-02', amount: '10', description: 'Refund' },
    ],
  );
});

test('malformed CSV files name their first bad line and return nothing', () => {
  assertMalformedAt(() => parseStatement(fixture('generic-malformed.csv')), 4, /"three fifty" is not an amount/);
  assertMalformedAt(() => parseStatement(fixture('spanish-bank-malformed.csv')), 8, /"31\/02\/2024" is not a valid date/);
  assertMalformedAt(() => parseStatement(csv('Date,Description,Amount\n2024-01-01,ok,1\n2024-01-02,"unclosed,2\n2024-01-03,x,3\n')), 3, /quote not closed/);
  assertMalformedAt(() => parseStatement(csv('Date,Description,Amount\n2024-01-01,ok,1\n2024-01-02,a,b,2\n')), 3, /expected 3 columns, found 4/);
  assertMalformedAt(() => parseStatement(csv('Date,Description,Amount\n2024-01-01,ok,1\n,missing date,2\n')), 3, /date is missing/);
  assertMalformedAt(() => parseStatement(csv('Date,Description,Amount\n13/01/2024,ok,1\n01/13/2024,flip,2\n')), 3, /contradicts/);
  assertMalformedAt(() => parseStatement(csv('')), 1, /empty/);
});

test('a mapping naming an absent column, or a file without a recognizable table, is a mapping problem', () => {
  for (const run of [
    () => parseStatement(fixture('generic.csv'), { csv: { columns: { bookingDate: 'Fecha' } } }),
    () => parseStatement(csv('a,b,c\n1,2,3\n')),
    () => parseStatement(csv('2024-01-01;x;1\n'), { csv: { header: false, columns: { bookingDate: 'Date', amount: 2 } } }),
  ]) {
    assert.throws(run, (error: unknown) => error instanceof StatementImportError && error.code === 'invalid_mapping');
  }
});
