import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compareDecimals,
  currencyExponent,
  decimalToString,
  decimal,
  fromMinorUnits,
  parseLocalizedDecimal,
  roundDecimal,
  sumDecimals,
  toMinorUnits,
} from './index.ts';

test('sums exactly where floats drift', () => {
  assert.equal(sumDecimals(['0.1', '0.2']), '0.3');
  assert.equal(sumDecimals(['-1234.56', '1234.56']), '0');
  assert.equal(decimalToString(decimal('1.500')), '1.5');
});

test('compares and rounds', () => {
  assert.equal(compareDecimals('10', '9.99'), 1);
  assert.equal(compareDecimals('-0.01', '0'), -1);
  assert.equal(roundDecimal('2.345', 2), '2.35');
  assert.equal(roundDecimal('2.345', 2, 'half-even'), '2.34');
  assert.equal(roundDecimal('-2.345', 2), '-2.35');
});

test('minor units follow ISO 4217', () => {
  assert.equal(currencyExponent('EUR'), 2);
  assert.equal(currencyExponent('JPY'), 0);
  assert.equal(currencyExponent('BHD'), 3);
  assert.equal(toMinorUnits('12.34', 'EUR'), 1234n);
  assert.equal(fromMinorUnits(-1234n, 'EUR'), '-12.34');
  assert.throws(() => toMinorUnits('1.5', 'JPY'), /more decimals/);
  assert.throws(() => decimal('1e5'), /not a decimal/);
});

test('reads amounts as banks write them', () => {
  assert.equal(parseLocalizedDecimal('1.234,56', ','), '1234.56');
  assert.equal(parseLocalizedDecimal('-1.234,56'), '-1234.56');
  assert.equal(parseLocalizedDecimal('1,234.56'), '1234.56');
  assert.equal(parseLocalizedDecimal('12,5'), '12.5');
  assert.equal(parseLocalizedDecimal('(12.50)'), '-12.5');
  assert.equal(parseLocalizedDecimal('12.50-'), '-12.5');
  assert.equal(parseLocalizedDecimal('€ 1 234,56'), '1234.56');
  assert.equal(parseLocalizedDecimal('+7'), '7');
  assert.equal(parseLocalizedDecimal('1.234.567,8'), '1234567.8');
  assert.equal(parseLocalizedDecimal('1.234', ','), '1234');
  assert.equal(parseLocalizedDecimal('abc'), undefined);
  assert.equal(parseLocalizedDecimal('1,2,3', ','), undefined);
  assert.equal(parseLocalizedDecimal(''), undefined);
});
