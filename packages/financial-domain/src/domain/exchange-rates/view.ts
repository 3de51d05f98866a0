import type { RateSource } from '../../db/schema/reporting.ts';
import type { ExchangeRateRow } from '../../repositories/exchangeRates.ts';
import { decimal, decimalToString } from '@ai-service/money';

export type ExchangeRateView = {
  id: string;
  date: string;
  baseCurrency: string;
  quoteCurrency: string;
  rate: string;
  source: RateSource;
  createdAt: Date;
  updatedAt: Date;
};

export const toExchangeRateView = (row: ExchangeRateRow): ExchangeRateView => ({
  id: row.id,
  date: row.date,
  baseCurrency: row.baseCurrency,
  quoteCurrency: row.quoteCurrency,
  rate: decimalToString(decimal(row.rate)),
  source: row.source,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
