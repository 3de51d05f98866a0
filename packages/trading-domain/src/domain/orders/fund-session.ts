import type { Transaction } from '@ai-service/db';
import { decimal, decimalToString, isDecimalString } from '@ai-service/money';
import { TradingDomainError } from '../../errors.ts';
import { insertBalance } from '../../repositories/orders.ts';

export type FundSessionInput = { tenantId: string; sessionId: string; asset: string; amount: string };

/**
 * Puts a session's initial capital of one asset into its balances, inside the caller's transaction
 * (a withTenant transaction of the tenant, e.g. the deploy's). Idempotent: a session already funded
 * in that asset keeps its balance, so a retried deploy does not add the capital twice.
 */
export async function fundSession(tx: Transaction, input: FundSessionInput): Promise<{ funded: boolean }> {
  if (!isDecimalString(input.amount) || decimal(input.amount).lt(0)) {
    throw new TradingDomainError('invalid_input', 'The amount must be a decimal number of at least 0.', [{ field: 'amount', message: 'must be a decimal number ≥ 0' }]);
  }
  if (!/^[A-Z0-9]{2,12}$/.test(input.asset)) {
    throw new TradingDomainError('invalid_input', 'The asset must be an asset symbol such as USDT.', [{ field: 'asset', message: 'must be an asset symbol such as USDT' }]);
  }
  const funded = await insertBalance(tx, {
    tenantId: input.tenantId,
    sessionId: input.sessionId,
    asset: input.asset,
    free: decimalToString(decimal(input.amount)),
  });
  return { funded };
}
