import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseStatement, StatementImportError } from '../index.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url));
const qif = (text: string) => Buffer.from(text, 'utf8');

test("QIF bank account: D with 1/ 5'24 dates, T amounts, payee, memo, category in notes, splits ignored", () => {
  const parsed = parseStatement(fixture('checking.qif'), { fileName: 'checking.qif' });
  assert.equal(parsed.format, 'qif');
  assert.deepEqual(parsed.rows, [
    { line: 2, externalId: null, bookingDate: '2024-01-05', valueDate: null, amount: '-1234.56', currency: null, counterparty: 'City Property Management', description: 'January rent', notes: 'Category: Housing:Rent', status: 'booked' },
    { line: 9, externalId: null, bookingDate: '2024-01-08', valueDate: null, amount: '2500', currency: null, counterparty: 'Acme Corp', description: 'Payroll', notes: 'Category: Income:Salary', status: 'booked' },
    { line: 16, externalId: null, bookingDate: '2024-01-15', valueDate: null, amount: '-45.1', currency: null, counterparty: 'Corner Grocery', description: 'Corner Grocery', notes: 'Category: Food:Groceries', status: 'booked' },
    { line: 25, externalId: null, bookingDate: '2024-01-15', valueDate: null, amount: '-3.75', currency: null, counterparty: 'Blue Bottle Coffee', description: 'Blue Bottle Coffee', notes: null, status: 'booked' },
  ]);
});

test('QIF with European dates and amounts, and an !Account block before the transactions', () => {
  const parsed = parseStatement(
    qif('!Account\nNGiro\nTBank\n^\n!Type:Bank\nD25.01.2024\nT-1.234,50\nPStadtwerke\n^\nD02.02.2024\nT99,00\n^\n'),
  );
  assert.deepEqual(
    parsed.rows.map(({ line, bookingDate, amount }) => ({ line, bookingDate, amount })),
    [
      { line: 6, bookingDate: '2024-01-25', amount: '-1234.5' },
      { line: 10, bookingDate: '2024-02-02', amount: '99' },
    ],
  );
});

test('malformed QIF names the first bad line; investment QIF is refused', () => {
  assert.throws(
    () => parseStatement(fixture('checking-malformed.qif')),
    (error: unknown) => error instanceof StatementImportError && error.code === 'malformed_file' && error.line === 10 && /13\/32'24/.test(error.message),
  );
  assert.throws(
    () => parseStatement(qif('!Type:Bank\nD01/05/2024\nPNo amount\n^\nD01/06/2024\nTx\n^\n')),
    (error: unknown) => error instanceof StatementImportError && error.line === 2 && /without an amount/.test(error.message),
  );
  assert.throws(
    () => parseStatement(qif('D01/05/2024\nT1\n^\n'), { format: 'qif' }),
    (error: unknown) => error instanceof StatementImportError && error.line === 1,
  );
  assert.throws(
    () => parseStatement(qif('!Type:Invst\nD01/05/2024\nNBuy\n^\n')),
    (error: unknown) => error instanceof StatementImportError && error.code === 'unsupported_format',
  );
});
