import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isFinancialError } from '../../errors.ts';
import { rateBook } from './rateBook.ts';

const rate = (date: string, baseCurrency: string, quoteCurrency: string, value: string) => ({ date, baseCurrency, quoteCurrency, rate: value });

describe('rateBook', () => {
  test('a stored pair converts directly or inverted, with the rate of the day or the latest earlier day', () => {
    const book = rateBook('EUR', [rate('2024-01-02', 'EUR', 'USD', '1.1'), rate('2024-01-10', 'EUR', 'USD', '1.2'), rate('2024-01-01', 'CHF', 'EUR', '1.05')]);
    assert.deepEqual(book.convert('-110', 'USD', '2024-01-05'), {
      amount: '-100',
      rate: { currency: 'USD', date: '2024-01-02', rate: '0.9090909091', method: 'inverse', via: null },
    });
    assert.equal(book.convert('60', 'USD', '2024-01-10').amount, '50', 'the rate of the day itself');
    assert.equal(book.convert('10', 'USD', '2024-03-01').amount, '8.33', 'a later day keeps the latest rate; rounded half-up to cents');
    assert.deepEqual(book.convert('-33.33', 'CHF', '2024-06-30'), {
      amount: '-35',
      rate: { currency: 'CHF', date: '2024-01-01', rate: '1.05', method: 'direct', via: null },
    });
    assert.deepEqual(book.convert('12.34', 'EUR', '2000-01-01'), { amount: '12.34', rate: null }, 'the base currency needs no rate');
  });

  test('a cross rate goes through a common currency; the most recent path wins, direct before inverse before cross on a tie', () => {
    const book = rateBook('EUR', [rate('2024-01-01', 'GBP', 'USD', '1.25'), rate('2024-01-10', 'EUR', 'USD', '1.2')]);
    assert.deepEqual(book.convert('-100', 'GBP', '2024-01-12'), {
      amount: '-104.17',
      rate: { currency: 'GBP', date: '2024-01-01', rate: '1.0416666667', method: 'cross', via: 'USD' },
    });
    const fresher = rateBook('EUR', [rate('2024-01-01', 'GBP', 'EUR', '1.1'), rate('2024-01-05', 'GBP', 'USD', '1.25'), rate('2024-01-05', 'EUR', 'USD', '1.25')]);
    assert.equal(fresher.convert('10', 'GBP', '2024-01-06').rate?.method, 'cross', 'a fresher cross rate beats an older direct one');
    assert.equal(fresher.convert('10', 'GBP', '2024-01-04').rate?.method, 'direct');
    const tie = rateBook('EUR', [rate('2024-01-05', 'GBP', 'EUR', '1.1'), rate('2024-01-05', 'EUR', 'GBP', '0.5'), rate('2024-01-05', 'GBP', 'USD', '1.25'), rate('2024-01-05', 'EUR', 'USD', '1.25')]);
    assert.deepEqual(tie.convert('10', 'GBP', '2024-01-05').rate, { currency: 'GBP', date: '2024-01-05', rate: '1.1', method: 'direct', via: null });
  });

  test('no rate on or before the date is a missing_rate error naming the currency and date, never 1:1', () => {
    const book = rateBook('EUR', [rate('2024-01-10', 'EUR', 'USD', '1.2')]);
    assert.throws(
      () => book.convert('5', 'USD', '2024-01-09'),
      (error: unknown) => isFinancialError(error, 'missing_rate') && /USD/.test(error.message) && /2024-01-09/.test(error.message),
    );
    assert.throws(() => book.convert('5', 'JPY', '2024-02-01'), (error: unknown) => isFinancialError(error, 'missing_rate') && error.details?.['currency'] === 'JPY');
    assert.deepEqual(book.convert('0', 'JPY', '2024-02-01'), { amount: '0', rate: null }, 'zero needs no rate');
  });
});
