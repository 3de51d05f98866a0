import { z } from 'zod';

/** Value types shared by the event payloads. Money and quantities are decimal strings, never floats. */

/** A signed decimal number written with digits only: `"-12.50"`, `"0.00012"`. Exact, unlike a JSON number. */
export const decimalString = z
  .string()
  .regex(/^-?(0|[1-9]\d*)(\.\d+)?$/, 'must be a decimal number written as a string of digits, e.g. "12.50"')
  .meta({ description: 'Decimal number as a string of digits (exact; never a float)', examples: ['12.50', '-0.00012'] });

/** ISO 4217 code for fiat amounts (EUR, USD, …). */
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code');

/** An amount of fiat money. */
export const money = z.object({ amount: decimalString, currency: currencyCode }).meta({ description: 'Amount of money in a currency' });

/** Exchange asset symbol (BTC, USDT, EUR). Crypto symbols are not ISO 4217, so they get their own type. */
export const assetCode = z.string().regex(/^[A-Z0-9]{2,12}$/, 'must be an asset symbol such as BTC or USDT');

/** An amount of an exchange asset (fees, balances). */
export const assetAmount = z.object({ amount: decimalString, asset: assetCode });

/** A market symbol as the exchange lists it: `BTC/USDT`. */
export const marketSymbol = z.string().regex(/^[A-Z0-9]{2,12}\/[A-Z0-9]{2,12}$/, 'must be a market symbol such as BTC/USDT');

export const timestamp = z.iso.datetime({ offset: true });
export const calendarDate = z.iso.date();
export const orderSide = z.enum(['buy', 'sell']);

export type Money = z.infer<typeof money>;
