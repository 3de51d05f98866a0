import { hash } from 'node:crypto';
import type { CheckedRow } from './rows.ts';

/** Printable ASCII is its own NFKC form: most bank texts skip the Unicode normalization. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** In printable ASCII the only white space is the space: what there is to collapse or trim. */
const ASCII_SPACING = /^ | $| {2}/;

/** Case, accents' composed forms and runs of spaces differ between exports of the same movement. */
export function normalizeText(text: string | null): string {
  const value = text ?? '';
  if (PRINTABLE_ASCII.test(value)) return ASCII_SPACING.test(value) ? value.toLowerCase().replace(/ +/g, ' ').trim() : value.toLowerCase();
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * A stable identity for rows without an external id: account, booking date, amount, normalized
 * description and counterparty, and the occurrence of that same content within the batch (the
 * second identical coffee of a day is occurrence 1). The same file always yields the same hashes,
 * and an overlapping file yields the same hashes for the rows they share.
 */
export function contentHashes(accountId: string, rows: readonly CheckedRow[]): string[] {
  const occurrences = new Map<string, number>();
  return rows.map((row) => {
    const content = JSON.stringify([accountId, row.bookingDate, row.amount, normalizeText(row.description), normalizeText(row.counterparty)]);
    const occurrence = occurrences.get(content) ?? 0;
    occurrences.set(content, occurrence + 1);
    // One-shot hashing: a Hash object per row costs more than the SHA-256 itself.
    return hash('sha256', `${content}#${occurrence}`, 'hex');
  });
}
