import { BadSymbol, BaseError, InsufficientFunds, InvalidOrder, NetworkError, type Exchange } from 'ccxt';
import { decimal, decimalToString } from '@ai-service/money';
import { TradingDomainError } from '../../errors.ts';

/**
 * CCXT's errors as the connector contract names them: the venue refused the order
 * (`exchange_rejected`: insufficient funds, invalid order, unknown symbol), it could not be reached
 * (`exchange_unavailable`: network, timeout, maintenance, rate limit — CCXT's NetworkError family)
 * or it answered another error (`exchange_error`). Anything not from CCXT passes through.
 */
export function fromCcxtError(error: unknown, where: string): unknown {
  if (error instanceof TradingDomainError || !(error instanceof BaseError)) return error;
  if (error instanceof InsufficientFunds || error instanceof InvalidOrder || error instanceof BadSymbol) {
    return new TradingDomainError('exchange_rejected', `${where}: refused (${error.constructor.name}): ${error.message}`, [], { cause: error });
  }
  if (error instanceof NetworkError) {
    return new TradingDomainError('exchange_unavailable', `${where}: unreachable right now (${error.constructor.name}); try again later.`, [], { cause: error });
  }
  return new TradingDomainError('exchange_error', `${where}: ${error.constructor.name}: ${error.message}`, [], { cause: error });
}

/**
 * CCXT's unified numbers as decimal strings. CCXT parses the exchange's decimal strings into
 * numbers; its numberToString prints the shortest form without exponent, which is the exchange's
 * decimal again (no arithmetic happened in between).
 */
export function toDecimalString(client: Exchange, value: number | string | undefined | null): string | null {
  if (value === undefined || value === null || (typeof value === 'number' && !Number.isFinite(value))) return null;
  return decimalToString(decimal(client.numberToString(value)));
}
