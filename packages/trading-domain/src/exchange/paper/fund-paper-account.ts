import { withTenant, type Database } from '@ai-service/db';
import { decimal, isDecimalString } from '@ai-service/money';
import { TradingDomainError } from '../../errors.ts';
import type { AssetBalance } from '../connector.ts';
import { text } from './paper-fills.ts';
import { lockPaperAccount, readHoldings, writeHolding } from './paper-store.ts';

export type FundPaperAccountInput = { db: Database; tenantId: string; account: string; asset: string; amount: string };

/** Credits `amount` of `asset` to a paper account's free balance (a session's starting capital); returns the asset's new balance. */
export async function fundPaperAccount({ db, tenantId, account, asset, amount }: FundPaperAccountInput): Promise<AssetBalance> {
  if (!isDecimalString(amount) || decimal(amount).lte(0)) {
    throw new TradingDomainError('invalid_input', 'The amount must be a positive decimal.', [{ field: 'amount', message: 'must be a positive decimal' }]);
  }
  if (!/^[A-Z0-9]{1,20}$/.test(asset)) throw new TradingDomainError('invalid_input', `${JSON.stringify(asset)} is not an asset code.`, [{ field: 'asset', message: 'an asset code such as USDT' }]);
  const key = { tenantId, account };
  return withTenant(db, tenantId, async (tx) => {
    await lockPaperAccount(tx, key);
    const holding = (await readHoldings(tx, key, [asset])).get(asset) ?? { free: decimal('0'), used: decimal('0') };
    const free = holding.free.plus(decimal(amount));
    await writeHolding(tx, key, asset, { free, used: holding.used }, new Date());
    return { free: text(free), used: text(holding.used), total: text(free.plus(holding.used)) };
  });
}
