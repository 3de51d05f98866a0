import { decimal, decimalToString } from '@ai-service/money';
import { invalidInput } from '../../errors.ts';

/**
 * Domain checks of the decimal fields of products and invoices; the API schema already checked
 * their form (digits, at most 4 decimals), so these are the ranges.
 */

/** A tax rate or discount: 0 to 100 percent. */
export function parsePercent(field: string, value: string): string {
  const percent = decimal(value);
  if (percent.lt(0) || percent.gt(100)) throw invalidInput(field, `${field} must be a percentage between 0 and 100.`);
  return decimalToString(percent);
}

/** A unit price: up to 4 decimals whatever the currency (a line's net is rounded to the currency, not its price). */
export function parseUnitPrice(field: string, value: string): string {
  if (!/^-?\d{1,16}(\.\d{1,4})?$/.test(value)) throw invalidInput(field, `${field} must be a decimal number with at most 16 integer digits and 4 decimals.`);
  return decimalToString(decimal(value));
}

export function parseQuantity(field: string, value: string): string {
  if (!/^-?\d{1,12}(\.\d{1,4})?$/.test(value)) throw invalidInput(field, `${field} must be a decimal number with at most 12 integer digits and 4 decimals.`);
  const quantity = decimal(value);
  if (quantity.eq(0)) throw invalidInput(field, `${field} must not be zero.`);
  return decimalToString(quantity);
}
