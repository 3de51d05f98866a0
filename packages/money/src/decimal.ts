import Big from 'big.js';

/**
 * Exact decimal arithmetic for money and quantities. Amounts travel as canonical decimal strings
 * ("-1234.5", "0.07"): in the API, in events and in `NUMERIC` columns. Arithmetic goes through
 * big.js, never through JavaScript numbers.
 */
export type Decimal = Big;

/** `-1234.56`, `0.5`, `12`: what the API accepts and what `NUMERIC` returns. */
export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

export function isDecimalString(value: string): boolean {
  return DECIMAL_PATTERN.test(value);
}

export function decimal(value: string | bigint | Big): Big {
  if (value instanceof Big) return value;
  if (typeof value === 'bigint') return new Big(value.toString());
  if (!DECIMAL_PATTERN.test(value)) throw new RangeError(`not a decimal number: ${JSON.stringify(value)}`);
  return new Big(value);
}

/**
 * The canonical text of a decimal string ("007.50" → "7.5", "-0.0" → "0"): what decimalToString
 * gives for it, by editing the text instead of going through big.js, which a 100,000-row import
 * would otherwise do once per amount.
 */
export function canonicalDecimal(value: string): string {
  if (!DECIMAL_PATTERN.test(value)) throw new RangeError(`not a decimal number: ${JSON.stringify(value)}`);
  const negative = value.charCodeAt(0) === MINUS;
  const point = value.indexOf('.');
  const wholeEnd = point < 0 ? value.length : point;
  let wholeStart = negative ? 1 : 0;
  while (wholeStart < wholeEnd - 1 && value.charCodeAt(wholeStart) === ZERO) wholeStart += 1;
  let fractionEnd = value.length;
  if (point >= 0) while (fractionEnd > point + 1 && value.charCodeAt(fractionEnd - 1) === ZERO) fractionEnd -= 1;
  const whole = value.slice(wholeStart, wholeEnd);
  const magnitude = point < 0 || fractionEnd === point + 1 ? whole : `${whole}.${value.slice(point + 1, fractionEnd)}`;
  return negative && magnitude !== '0' ? `-${magnitude}` : magnitude;
}

const MINUS = 45;
const ZERO = 48;

/** Canonical text: no exponent, no trailing zeros after the point ("1.50" → "1.5", "-0" → "0"). */
export function decimalToString(value: Big): string {
  const text = value.toFixed();
  if (!text.includes('.')) return text === '-0' ? '0' : text;
  const trimmed = text.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}

export function compareDecimals(a: string | Big, b: string | Big): -1 | 0 | 1 {
  return decimal(a).cmp(decimal(b));
}

export function sumDecimals(values: Iterable<string | Big>): string {
  let total = new Big(0);
  for (const value of values) total = total.plus(decimal(value));
  return decimalToString(total);
}

export function negateDecimal(value: string): string {
  return decimalToString(decimal(value).times(-1));
}

export type RoundingMode = 'half-up' | 'half-even' | 'down' | 'up';

const BIG_ROUNDING: Record<RoundingMode, Big.RoundingMode> = {
  down: Big.roundDown,
  'half-up': Big.roundHalfUp,
  'half-even': Big.roundHalfEven,
  up: Big.roundUp,
};

/** Rounds to `places` decimal places; half-up (commercial rounding) unless told otherwise. */
export function roundDecimal(value: string | Big, places: number, mode: RoundingMode = 'half-up'): string {
  return decimalToString(decimal(value).round(places, BIG_ROUNDING[mode]));
}
