import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { invalidInput } from './errors.ts';

/** An IBAN as people write it ("es91 2100 0418 …") → its electronic form, checksum verified; null stays null. */
export function parseIban(field: string, value: string | null | undefined): string | null | undefined {
  if (value === null || value === undefined) return value;
  const electronic = electronicFormatIBAN(value);
  if (!electronic || !isValidIBAN(electronic)) throw invalidInput(field, `${field} is not a valid IBAN.`);
  return electronic;
}
