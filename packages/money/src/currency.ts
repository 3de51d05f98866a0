import Big from 'big.js';
import { canonicalDecimal, decimal, decimalToString } from './decimal.ts';

/** ISO 4217 code: three capital letters. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

const exponents = new Map<string, number>();

/**
 * Digits after the point in the currency's minor unit (EUR 2, JPY 0, BHD 3), from the ISO 4217
 * data ICU ships with Node.
 */
export function currencyExponent(currency: string): number {
  const known = exponents.get(currency);
  if (known !== undefined) return known;
  if (!CURRENCY_PATTERN.test(currency)) throw new RangeError(`not an ISO 4217 currency code: ${JSON.stringify(currency)}`);
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  exponents.set(currency, digits);
  return digits;
}

/** Whether the amount has no more decimals than the currency's minor unit allows ("1.234" EUR: no). */
export function fitsCurrency(amount: string, currency: string): boolean {
  const canonical = canonicalDecimal(amount);
  const point = canonical.indexOf('.');
  return point < 0 || canonical.length - point - 1 <= currencyExponent(currency);
}

/** "12.34" EUR → 1234n. Throws when the amount has more decimals than the currency allows. */
export function toMinorUnits(amount: string, currency: string): bigint {
  if (!fitsCurrency(amount, currency)) throw new RangeError(`${amount} has more decimals than ${currency} allows`);
  return BigInt(decimal(amount).times(new Big(10).pow(currencyExponent(currency))).toFixed(0));
}

/** 1234n EUR → "12.34". */
export function fromMinorUnits(minor: bigint, currency: string): string {
  return decimalToString(new Big(minor.toString()).div(new Big(10).pow(currencyExponent(currency))));
}
