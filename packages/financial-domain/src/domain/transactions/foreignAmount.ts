import { invalidInput } from '../../errors.ts';
import { parseAmount, parseCurrency } from '../../money.ts';

/** The amount in the currency it was paid in: both parts or neither. */
export function parseForeignAmount(amount: string | null, currency: string | null): { originalAmount: string | null; originalCurrency: string | null } {
  if (amount === null && currency === null) return { originalAmount: null, originalCurrency: null };
  if (currency === null) throw invalidInput('originalCurrency', 'originalCurrency is required with originalAmount.');
  if (amount === null) throw invalidInput('originalAmount', 'originalAmount is required with originalCurrency.');
  const originalCurrency = parseCurrency('originalCurrency', currency);
  return { originalAmount: parseAmount('originalAmount', amount, originalCurrency), originalCurrency };
}
