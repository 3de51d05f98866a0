import type { TransactionText } from './types.ts';

/** Feature name → weight before IDF. */
export type TermCounts = Map<string, number>;

const NGRAM = 4;
// Words weigh most; character 4-grams catch spelling variants ("restaurante"/"restaurant",
// "MERCADONA VALENCIA 12"/"Mercadona SA") at a lower weight; the exact counterparty is a strong
// feature of its own, the "memory" of who the money went to.
const WORD_WEIGHT = 1;
const NGRAM_WEIGHT = 0.35;
const COUNTERPARTY_WEIGHT = 2;

/** Lower case, accents removed: "CAFÉ" and "cafe" are the same word. */
export function normalize(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The words of a text, without the noise banks add: card numbers, dates, references and amounts
 * ("5540XXXXXX1234", "2024-05-01", "REF0042") have more digits than letters and are dropped.
 */
export function words(text: string): string[] {
  return normalize(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => {
      if (word.length < 2) return false;
      const digits = word.replace(/\D/g, '').length;
      return digits * 2 < word.length;
    });
}

function add(counts: TermCounts, feature: string, weight: number): void {
  counts.set(feature, (counts.get(feature) ?? 0) + weight);
}

export function termCounts({ description, counterparty }: TransactionText): TermCounts {
  const counts: TermCounts = new Map();
  const text = counterparty ? `${counterparty} ${description}` : description;
  for (const word of words(text)) {
    add(counts, `w:${word}`, WORD_WEIGHT);
    const padded = ` ${word} `;
    for (let start = 0; start + NGRAM <= padded.length; start++) add(counts, `g:${padded.slice(start, start + NGRAM)}`, NGRAM_WEIGHT);
  }
  const party = counterparty ? words(counterparty).join(' ') : '';
  if (party) add(counts, `c:${party}`, COUNTERPARTY_WEIGHT);
  return counts;
}
