import { parseLocalizedDecimal, type DecimalSeparator } from '@ai-service/money';
import { malformedAt } from './errors.ts';

export type AmountCell = { text: string; line: number };

/**
 * The decimal separator of a whole file, from the amounts that show it: a separator followed by
 * one or two digits at the end, or the later of two different separators. Files whose amounts
 * never show it (all whole numbers, or only "1.234") take `fallback`.
 */
export function detectDecimalSeparator(texts: Iterable<string>, fallback: DecimalSeparator): DecimalSeparator {
  let dot = 0;
  let comma = 0;
  for (const text of texts) {
    const match = /([.,])\d{1,2}\D*$/.exec(text) ?? /([.,])\d+\D*$/.exec(text);
    if (!match) continue;
    const last = match[1];
    const hasOther = last === '.' ? text.includes(',') : text.includes('.');
    if (!hasOther && !/[.,]\d{1,2}\D*$/.test(text)) continue;
    if (last === '.') dot += 1;
    else comma += 1;
  }
  if (dot === comma) return fallback;
  return dot > comma ? '.' : ',';
}

export function readAmount(cell: AmountCell, separator: DecimalSeparator): string {
  const amount = parseLocalizedDecimal(cell.text, separator);
  if (amount === undefined) throw malformedAt(cell.line, `"${cell.text}" is not an amount`);
  return amount;
}
