import type { Transaction } from '@ai-service/db';
import { ratesForWindow } from '../../repositories/exchangeRates.ts';
import { rateBook, type RateBook } from './rateBook.ts';

/** A rate book into `base` for conversions dated `from` to `to` (with each pair's last rate before `from`). */
export async function loadRateBook(tx: Transaction, base: string, window: { from: string; to: string }): Promise<RateBook> {
  return rateBook(base, await ratesForWindow(tx, window));
}
