import { canonicalDecimal } from './decimal.ts';

export type DecimalSeparator = '.' | ',';

/**
 * Reads an amount as banks write it: "1.234,56", "1,234.56", "-12,5", "(12.50)", "12.50-",
 * "€ 1 234,56", "+7". With `separator` given it is used; otherwise the last `.` or `,` followed by
 * one, two or three+ digits is taken as the decimal point when the other one also appears, and a
 * lone separator followed by exactly three digits is a thousands separator. Returns the canonical
 * decimal string, or undefined when the text is not an amount.
 */
export function parseLocalizedDecimal(text: string, separator?: DecimalSeparator): string | undefined {
  const plain = separator && PLAIN[separator].exec(text);
  if (plain) return canonicalDecimal(`${plain[1]}${(plain[2] ?? '').replaceAll(separator === ',' ? '.' : ',', '')}${plain[3] ? `.${plain[3]}` : ''}`);
  let value = text.trim().replace(/[\s\u00a0\u202f'’]/g, '').replace(/^[^\d\-+(.,]+|[^\d\-)+.,]+$/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(value)) {
    negative = true;
    value = value.slice(1, -1);
  }
  if (value.endsWith('-')) {
    negative = !negative;
    value = value.slice(0, -1);
  }
  if (value.startsWith('-')) {
    negative = !negative;
    value = value.slice(1);
  } else if (value.startsWith('+')) {
    value = value.slice(1);
  }
  if (!/^[\d.,]+$/.test(value) || !/\d/.test(value)) return undefined;
  const point = separator ?? guessSeparator(value);
  const thousands = point === '.' ? ',' : '.';
  const [whole = '', fraction, extra] = value.split(point);
  if (extra !== undefined || (fraction !== undefined && !/^\d*$/.test(fraction))) return undefined;
  if (!/^\d{1,3}(\d*|([.,]\d{3})*)$/.test(whole) && whole !== '') return undefined;
  if (whole.includes(point) || (whole.includes(thousands) && !GROUPED[thousands].test(whole))) return undefined;
  return canonicalDecimal(`${negative ? '-' : ''}${whole.replaceAll(thousands, '') || '0'}${fraction ? `.${fraction}` : ''}`);
}

/** What most amounts in a file look like ("-1.234,56", "12,5" for `,`): read without the general path's rewriting. */
const PLAIN: Record<DecimalSeparator, RegExp> = { ',': /^(-?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/, '.': /^(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/ };

/** A whole part grouped in thousands by `,` or by `.`. */
const GROUPED: Record<DecimalSeparator, RegExp> = { ',': /^\d{1,3}(,\d{3})+$/, '.': /^\d{1,3}(\.\d{3})+$/ };

function guessSeparator(value: string): DecimalSeparator {
  const lastDot = value.lastIndexOf('.');
  const lastComma = value.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? '.' : ',';
  const only = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : '.';
  const occurrences = value.split(only).length - 1;
  const after = value.length - value.lastIndexOf(only) - 1;
  // "1.234" / "1,234" alone is ambiguous; three digits after a single separator read as thousands
  // only when it is repeated ("1.234.567") — otherwise as a decimal point, the common bank export.
  if (occurrences > 1) return only === '.' ? ',' : '.';
  return after === 3 && only === ',' ? '.' : only;
}
