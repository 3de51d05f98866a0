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
