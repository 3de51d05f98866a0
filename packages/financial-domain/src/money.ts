import { canonicalDecimal, CURRENCY_PATTERN, currencyExponent, decimal, fitsCurrency } from '@ai-service/money';
import { invalidInput } from './errors.ts';

/** What NUMERIC(20,4) holds: 16 integer digits, 4 decimals. */
const STORABLE = /^-?\d{1,16}(\.\d{1,4})?$/;

export type AmountRule = 'any' | 'positive' | 'non-zero';

/**
 * An amount from a request or a file, checked for the currency it is in: exact decimal text (never
 * a float's), no more decimals than the currency's minor unit, and the sign the rule asks for.
 * Returns the canonical text; any failure names `field`.
 */
export function parseAmount(field: string, value: string, currency: string, rule: AmountRule = 'any'): string {
  if (!STORABLE.test(value)) throw invalidInput(field, `${field} must be a decimal number such as "-12.50" (at most 16 integer digits and 4 decimals).`);
  if (!fitsCurrency(value, currency)) {
    throw invalidInput(field, `${field} has more decimals than ${currency} allows (${currencyExponent(currency)}).`);
  }
  const amount = canonicalDecimal(value);
  if (rule === 'positive' && (amount === '0' || amount.startsWith('-'))) throw invalidInput(field, `${field} must be greater than zero.`);
  if (rule === 'non-zero' && amount === '0') throw invalidInput(field, `${field} must not be zero.`);
  return amount;
}

/** ISO 4217 codes in circulation, from the ICU data Node ships (ICU formats any three letters, so it cannot tell by itself). */
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** A currency code in circulation (ISO 4217). */
export function parseCurrency(field: string, value: string): string {
  if (!CURRENCY_PATTERN.test(value)) throw invalidInput(field, `${field} must be an ISO 4217 currency code such as EUR.`);
  if (!KNOWN_CURRENCIES.has(value)) throw invalidInput(field, `${field} ${value} is not an ISO 4217 currency in circulation.`);
  return value;
}

/**
 * NUMERIC text → the API's text, with the currency's decimals ("-12.5000" EUR → "-12.50"); never
 * rounds: an amount with more significant decimals keeps them.
 */
export function formatMoney(amount: string, currency: string): string {
  const value = decimal(amount);
  const exact = value.toFixed();
  const decimals = exact.includes('.') ? exact.length - exact.indexOf('.') - 1 : 0;
  return value.toFixed(Math.max(decimals, currencyExponent(currency)));
}
