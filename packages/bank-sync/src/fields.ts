import { decimal, decimalToString, isDecimalString } from '@ai-service/money';
import { z } from 'zod';

/**
 * Field schemas for provider answers parsed by parseJsonLosslessly, where every JSON number arrives
 * as its source text: amounts stay exact whether the provider quotes them or not.
 */

/** "-12.30", "+7", -12.3 → canonical decimal string ("-12.3", "7"). */
export const decimalText = z.string().transform((text, ctx) => {
  const trimmed = text.trim().replace(/^\+/, '');
  if (!isDecimalString(trimmed)) {
    ctx.addIssue({ code: 'custom', message: `not a decimal amount: ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  return decimalToString(decimal(trimmed));
});

/** A whole number sent as a JSON number or a numeric string. */
export const integerText = z
  .string()
  .regex(/^-?\d+$/, 'not a whole number')
  .transform((text) => Number(text));

/** "2024-05-01" or "2024-05-01T10:00:00Z" → "2024-05-01". */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}/, 'not an ISO date')
  .transform((text) => text.slice(0, 10));

/** ISO 4217 code, or null for anything else (SimpleFIN allows custom currencies named by URL). */
export function isoCurrencyOrNull(text: string | null | undefined): string | null {
  return text && /^[A-Z]{3}$/.test(text) ? text : null;
}

/** Unix seconds → UTC `yyyy-mm-dd`. */
export function dateOfEpochSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** `yyyy-mm-dd` (UTC midnight) → Unix seconds. */
export function epochSecondsOfDate(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000;
}

/** Adds days to a `yyyy-mm-dd` date. */
export function addDays(date: string, days: number): string {
  return dateOfEpochSeconds(epochSecondsOfDate(date) + days * 86_400);
}
