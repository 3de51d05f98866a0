import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseStatement, StatementImportError } from '../index.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url));

function assertMalformedAt(run: () => unknown, line: number, message: RegExp) {
  assert.throws(run, (error: unknown) => error instanceof StatementImportError && error.code === 'malformed_file' && error.line === line && message.test(error.message));
}

test('OFX 1.x SGML: unclosed leaves, FITID as id, NAME as counterparty, MEMO as description', () => {
  const parsed = parseStatement(fixture('checking-sgml.ofx'), { fileName: 'checking.ofx' });
  assert.equal(parsed.format, 'ofx');
  assert.equal(parsed.detected.variant, 'sgml');
  assert.deepEqual(parsed.account, { accountNumber: '000123456789', bankId: '121000248', currency: 'USD', balance: { amount: '5297.84', date: '2024-01-31' } });
  assert.deepEqual(parsed.rows, [
    { line: 39, externalId: '202401030001', bookingDate: '2024-01-03', valueDate: null, amount: '-42.17', currency: 'USD', counterparty: 'WHOLE FOODS MARKET', description: 'POS PURCHASE 1234', notes: null, status: 'booked' },
    { line: 47, externalId: '202401050002', bookingDate: '2024-01-05', valueDate: '2024-01-06', amount: '2500', currency: 'USD', counterparty: 'ACME PAYROLL', description: 'ACME PAYROLL', notes: null, status: 'booked' },
    { line: 55, externalId: '202401100003', bookingDate: '2024-01-10', valueDate: null, amount: '-150', currency: 'USD', counterparty: 'CHECK 1042', description: 'CHECK 1042', notes: 'Check 1042', status: 'booked' },
    { line: 64, externalId: '202401150004', bookingDate: '2024-01-15', valueDate: null, amount: '-9.99', currency: 'USD', counterparty: 'AT&T WIRELESS', description: 'Monthly plan', notes: null, status: 'booked' },
  ]);
});

test('OFX 2.x XML: PAYEE aggregate, entities, empty elements; a row paid abroad stays in the statement currency', () => {
  const parsed = parseStatement(fixture('checking-xml.ofx'));
  assert.equal(parsed.detected.variant, 'xml');
  assert.equal(parsed.account?.iban, 'DE89370400440532013000');
  assert.deepEqual(parsed.rows, [
    { line: 25, externalId: 'DE-2024-0202-01', bookingDate: '2024-02-02', valueDate: null, amount: '-1234.56', currency: 'EUR', counterparty: 'Hausverwaltung Müller', description: 'Miete Februar', notes: null, status: 'booked' },
    { line: 33, externalId: 'DE-2024-0215-02', bookingDate: '2024-02-15', valueDate: null, amount: '89.9', currency: 'EUR', counterparty: 'Erstattung <Online>', description: 'Erstattung <Online>', notes: 'Paid in USD (rate 1.08)', status: 'booked' },
  ]);
});

test('QFX credit card statement (CCSTMTRS)', () => {
  const parsed = parseStatement(fixture('card.qfx'), { fileName: 'card.qfx' });
  assert.equal(parsed.format, 'ofx');
  assert.deepEqual(parsed.account, { accountNumber: '4111111111111111', currency: 'USD', balance: { amount: '-1520.75', date: '2024-03-31' } });
  assert.deepEqual(
    parsed.rows.map(({ line, externalId, bookingDate, amount, counterparty }) => ({ line, externalId, bookingDate, amount, counterparty })),
    [
      { line: 38, externalId: '2024031224692164071100000012345', bookingDate: '2024-03-12', amount: '-64.2', counterparty: 'SHELL OIL 57442' },
      { line: 45, externalId: '2024032024692164071100000067890', bookingDate: '2024-03-20', amount: '500', counterparty: 'PAYMENT THANK YOU' },
    ],
  );
});

test('malformed OFX and QFX name the first bad line', () => {
  assertMalformedAt(() => parseStatement(fixture('checking-sgml-malformed.ofx')), 57, /DTPOSTED "2024011" is not a date/);
  assertMalformedAt(() => parseStatement(fixture('checking-xml-malformed.ofx')), 31, /<\/NAME> does not close <STMTTRN> opened on line 25/);
  assertMalformedAt(() => parseStatement(fixture('card-malformed.qfx')), 44, /closing tag is missing/);
  const text = fixture('checking-sgml.ofx').toString('utf8');
  assertMalformedAt(() => parseStatement(Buffer.from(text.replace('<TRNAMT>2500.00\n', ''))), 47, /without TRNAMT/);
  const truncated = text.slice(0, text.indexOf('</BANKTRANLIST>'));
  assertMalformedAt(() => parseStatement(Buffer.from(truncated)), truncated.split('\n').length, /<BANKTRANLIST> opened on line 36 is never closed/);
  assertMalformedAt(() => parseStatement(Buffer.from('OFXHEADER:100\n\nno tags here\n'), { format: 'ofx' }), 1, /no <OFX> element/);
});
