import type { RateUsed } from '../exchange-rates/rateBook.ts';

/** The distinct rates one report row used, by currency then date. */
export type RateList = { add: (rate: RateUsed | null) => void; list: () => RateUsed[] };

export function rateList(): RateList {
  const seen = new Map<string, RateUsed>();
  return {
    add(rate) {
      if (rate) seen.set(`${rate.currency}|${rate.date}|${rate.method}|${rate.via ?? ''}|${rate.rate}`, rate);
    },
    list: () => [...seen.values()].sort((a, b) => a.currency.localeCompare(b.currency) || a.date.localeCompare(b.date)),
  };
}
