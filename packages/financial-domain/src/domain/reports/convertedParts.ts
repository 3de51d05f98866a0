import type { Transaction } from '@ai-service/db';
import type { RateBook, RateUsed } from '../exchange-rates/rateBook.ts';
import { reportParts, type ReportPart } from '../../repositories/reportData.ts';

export type ConvertedPart = ReportPart & { baseAmount: string; rate: RateUsed | null };

/**
 * The income/expense parts (splits, or unsplit transactions; transfers left out) booked from `from`
 * to `to`, each converted on its booking date and rounded on its own: a report's figures are sums
 * of these rounded parts, so rows, their totals and running sums always add up to the cent.
 */
export async function convertedParts(tx: Transaction, book: RateBook, range: { from: string; to: string }): Promise<ConvertedPart[]> {
  return (await reportParts(tx, range)).map((part) => {
    const converted = book.convert(part.amount, part.currency, part.bookingDate);
    return { ...part, baseAmount: converted.amount, rate: converted.rate };
  });
}
