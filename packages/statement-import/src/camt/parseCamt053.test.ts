import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseStatement, StatementImportError } from '../index.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url));

test('camt.053: direction, status, both date forms, reference preference, other party, INFO entries left out', () => {
  const parsed = parseStatement(fixture('statement.camt053.xml'), { fileName: 'statement.xml' });
  assert.equal(parsed.format, 'camt053');
  assert.deepEqual(parsed.account, { iban: 'NL91ABNA0417164300', currency: 'EUR', balance: { amount: '3266.35', date: '2024-03-31' } });
  assert.deepEqual(parsed.rows, [
    { line: 28, externalId: '2024030100012345', bookingDate: '2024-03-01', valueDate: '2024-03-01', amount: '2850', currency: 'EUR', counterparty: 'Acme B.V.', description: 'Salaris maart 2024', notes: null, status: 'booked' },
    { line: 48, externalId: 'E-0002', bookingDate: '2024-03-02', valueDate: '2024-03-02', amount: '-1075', currency: 'EUR', counterparty: 'Woonstichting & Co', description: 'Huur maart contract 4411', notes: null, status: 'booked' },
    { line: 67, externalId: 'CARD-99812', bookingDate: '2024-03-30', valueDate: null, amount: '-8.65', currency: 'EUR', counterparty: 'Albert Heijn 1234', description: 'BEA, Betaalpas Albert Heijn 1234 AMSTERDAM', notes: null, status: 'pending' },
  ]);
});

test('camt.053.001.02 writes the status as text', () => {
  const older = fixture('statement.camt053.xml')
    .toString('utf8')
    .replace('camt.053.001.08', 'camt.053.001.02')
    .replaceAll(/<Sts><Cd>(\w+)<\/Cd><\/Sts>/g, '<Sts>$1</Sts>');
  assert.deepEqual(
    parseStatement(Buffer.from(older)).rows.map((row) => row.status),
    ['booked', 'booked', 'pending'],
  );
});

test('malformed camt.053 names the first bad line', () => {
  for (const [name, line, message] of [
    ['statement-malformed.camt053.xml', 52, /Sts/],
    ['statement-bad-entry.camt053.xml', 67, /CdtDbtInd "DEBIT"/],
  ] as const) {
    assert.throws(
      () => parseStatement(fixture(name)),
      (error: unknown) => error instanceof StatementImportError && error.code === 'malformed_file' && error.line === line && message.test(error.message),
    );
  }
  const noDate = fixture('statement.camt053.xml').toString('utf8').replace('<BookgDt><DtTm>2024-03-02T09:15:00+01:00</DtTm></BookgDt>\n        <ValDt><Dt>2024-03-02</Dt></ValDt>', '');
  assert.throws(
    () => parseStatement(Buffer.from(noDate)),
    (error: unknown) => error instanceof StatementImportError && error.line === 48 && /BookgDt/.test(error.message),
  );
});
