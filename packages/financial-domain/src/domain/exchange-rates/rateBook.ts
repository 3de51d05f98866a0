import { currencyExponent, decimal, decimalToString, roundDecimal, type Decimal } from '@ai-service/money';
import { FinancialError } from '../../errors.ts';
import type { StoredRate } from '../../repositories/exchangeRates.ts';

/** How an amount reached the base currency: shown on every report row that converted something. */
export type RateUsed = {
  currency: string;
  /** The date of the rate (for a cross rate, the older of its two). */
  date: string;
  /** Units of the base currency per unit of `currency`, to 10 decimals (display only; amounts use the stored rates exactly). */
  rate: string;
  method: 'direct' | 'inverse' | 'cross';
  /** The common currency of a cross rate. */
  via: string | null;
};

export type Conversion = { amount: string; rate: RateUsed | null };

export type RateBook = {
  base: string;
  /** `amount` in `currency` on `date` → the base currency, rounded half-up to its minor unit. */
  convert: (amount: string, currency: string, date: string) => Conversion;
};

type Dated = { date: string; rate: Decimal };
/** One step: multiply by a stored rate (base → quote), or divide by it (the inverse of a stored pair). */
type Leg = { date: string; rate: Decimal; divide: boolean };
type Path = { legs: Leg[]; used: RateUsed };

const DISPLAY_DECIMALS = 10;

/**
 * The one conversion every report uses (docs/reports.md, "Rates"). For currency C on date D, each
 * candidate path uses, per pair, the latest stored rate dated D or earlier: C→base as stored
 * (direct), base→C inverted (inverse), or C→K→base through any common currency K (cross; each leg
 * direct or inverse). The path whose rate (its oldest leg) is the most recent wins; on a tie,
 * direct before inverse before cross, and among crosses the alphabetically first K. No path: a
 * `missing_rate` error naming the currency and date, never a silent 1:1.
 */
export function rateBook(base: string, rates: readonly StoredRate[]): RateBook {
  const pairs = new Map<string, Dated[]>();
  const currencies = new Set<string>();
  for (const stored of rates) {
    const key = `${stored.baseCurrency}/${stored.quoteCurrency}`;
    const list = pairs.get(key) ?? [];
    list.push({ date: stored.date, rate: decimal(stored.rate) });
    pairs.set(key, list);
    currencies.add(stored.baseCurrency).add(stored.quoteCurrency);
  }
  for (const list of pairs.values()) list.sort((a, b) => a.date.localeCompare(b.date));
  const commons = [...currencies].sort();

  const latest = (key: string, date: string): Dated | undefined => {
    const list = pairs.get(key);
    if (!list) return undefined;
    let low = 0;
    let high = list.length - 1;
    let found: Dated | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (list[middle]!.date <= date) {
        found = list[middle];
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  };

  const leg = (from: string, to: string, date: string): Leg | undefined => {
    const direct = latest(`${from}/${to}`, date);
    const inverse = latest(`${to}/${from}`, date);
    if (direct && (!inverse || direct.date >= inverse.date)) return { ...direct, divide: false };
    return inverse && { ...inverse, divide: true };
  };

  const apply = (value: Decimal, legs: Leg[]) => legs.reduce((result, step) => (step.divide ? result.div(step.rate) : result.times(step.rate)), value);

  const pathFor = (currency: string, date: string): Path | undefined => {
    type Candidate = { date: string; legs: Leg[]; method: RateUsed['method']; via: string | null };
    const own = leg(currency, base, date);
    let best: Candidate | undefined = own && { date: own.date, legs: [own], method: own.divide ? 'inverse' : 'direct', via: null };
    for (const common of commons) {
      if (common === currency || common === base) continue;
      const first = leg(currency, common, date);
      const second = first && leg(common, base, date);
      if (!first || !second) continue;
      const effective = first.date < second.date ? first.date : second.date;
      if (!best || effective > best.date) best = { date: effective, legs: [first, second], method: 'cross', via: common };
    }
    if (!best) return undefined;
    const rate = roundDecimal(apply(decimal('1'), best.legs), DISPLAY_DECIMALS, 'half-up');
    return { legs: best.legs, used: { currency, date: best.date, rate, method: best.method, via: best.via } };
  };
  const cache = new Map<string, Path>();
  const exponent = currencyExponent(base);

  return {
    base,
    convert(amount, currency, date) {
      // Nothing to convert needs no rate: a zero balance of a currency without rates is zero.
      if (currency === base || decimal(amount).eq(0)) return { amount: decimalToString(decimal(amount)), rate: null };
      const key = `${currency}@${date}`;
      let path = cache.get(key);
      if (!path) {
        path = pathFor(currency, date);
        if (!path) {
          throw new FinancialError('missing_rate', `No exchange rate converts ${currency} into ${base} on ${date} or earlier: store one (POST /v1/financial/exchange-rates) or import the ECB's.`, {
            details: { currency, base, date },
          });
        }
        cache.set(key, path);
      }
      return { amount: roundDecimal(apply(decimal(amount), path.legs), exponent, 'half-up'), rate: path.used };
    },
  };
}
