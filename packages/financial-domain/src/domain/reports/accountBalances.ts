import { decimal, decimalToString } from '@ai-service/money';
import type { AccountForBalance } from '../../repositories/reportData.ts';

/**
 * An account's balance at the end of a day: its opening balance once its opening date has come (or
 * always, without one) plus its live transactions booked up to that day (`transactions`, summed).
 */
export function balanceAt(account: AccountForBalance, date: string, transactions: string): string {
  const opening = account.openingDate === null || account.openingDate <= date ? account.openingBalance : '0';
  return decimalToString(decimal(opening).plus(transactions));
}
