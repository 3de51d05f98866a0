import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  canonicalDecimal,
  compareDecimals,
  currencyExponent,
  decimalToString,
  decimal,
  fitsCurrency,
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

test('canonical text by editing the string is what big.js gives', () => {
  for (const [text, canonical] of [
    ['007.50', '7.5'],
    ['-0.000', '0'],
    ['-0', '0'],
    ['0', '0'],
    ['000', '0'],
    ['12.', undefined],
    ['-120.0100', '-120.01'],
    ['100', '100'],
    ['0.05', '0.05'],
  ] as const) {
    if (canonical === undefined) assert.throws(() => canonicalDecimal(text), /not a decimal/);
    else assert.equal(canonicalDecimal(text), canonical, text);
  }
  // Every shape of sign, leading and trailing zeros, against big.js's own canonical text.
  const digits = ['0', '00', '1', '10', '0010', '123400'];
  for (const sign of ['', '-']) {
    for (const whole of digits) {
      for (const fraction of [undefined, ...digits]) {
        const text = `${sign}${whole}${fraction === undefined ? '' : `.${fraction}`}`;
        assert.equal(canonicalDecimal(text), decimalToString(decimal(text)), text);
      }
    }
  }
});

test('an amount fits its currency by its significant decimals', () => {
  assert.equal(fitsCurrency('12.340', 'EUR'), true);
  assert.equal(fitsCurrency('12.345', 'EUR'), false);
  assert.equal(fitsCurrency('12.000', 'JPY'), true);
  assert.equal(fitsCurrency('12.5', 'JPY'), false);
  assert.equal(fitsCurrency('-0.125', 'BHD'), true);
  assert.throws(() => fitsCurrency('1e3', 'EUR'), /not a decimal/);
});

test('plain amounts read the same on the short path as on the general one', () => {
  const texts = ['-1.234,56', '1.234.567,8', '12,5', '0,00', '-0,10', '007', '1.234', '12.345,6789', '1234,5'];
  for (const text of texts) {
    const swapped = text.replace(/[.,]/g, (mark) => (mark === '.' ? ',' : '.'));
    // Surrounding spaces send the same amount through the general path (trimmed, then read).
    assert.equal(parseLocalizedDecimal(text, ','), parseLocalizedDecimal(` ${text} `, ','), text);
    assert.equal(parseLocalizedDecimal(swapped, '.'), parseLocalizedDecimal(` ${swapped} `, '.'), swapped);
  }
  assert.equal(parseLocalizedDecimal('-1.234,50', ','), '-1234.5');
  assert.equal(parseLocalizedDecimal('1,234.50', '.'), '1234.5');
});
