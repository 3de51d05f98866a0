import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseStatement } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

test('the format is detected from the content, whatever the file is called', () => {
  const cases = [
    ['generic.csv', 'csv'],
    ['spanish-bank.csv', 'csv'],
    ['checking-sgml.ofx', 'ofx'],
    ['checking-xml.ofx', 'ofx'],
    ['card.qfx', 'ofx'],
    ['checking.qif', 'qif'],
    ['statement.camt053.xml', 'camt053'],
  ] as const;
  for (const [name, format] of cases) {
    assert.equal(parseStatement(fixture(name)).format, format, name);
    assert.equal(parseStatement(fixture(name), { fileName: 'download.dat' }).format, format, `${name} under another name`);
  }
});

test('an explicit format wins over detection', () => {
  assert.throws(() => parseStatement(fixture('generic.csv'), { format: 'ofx' }), /no <OFX> element/);
});

test('UTF-16 exports with a byte order mark are read', () => {
  const text = fixture('generic.csv').toString('utf8');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const parsed = parseStatement(utf16);
  assert.equal(parsed.detected.encoding, 'utf-16le');
  assert.equal(parsed.rows.length, 6);
  assert.equal(parsed.rows[2]?.counterparty, 'Café Central');
});
