import { withTenant } from '@ai-service/db';
import { sumDecimals } from '@ai-service/money';
import type { TenantContext } from '../../context.ts';
import { listAccountSessions, listTenantPositions, type AccountSessionRow } from '../../repositories/account-positions.ts';
import { positionPnl } from '../orders/position-pnl.ts';
import { marketAssets } from '../orders/saga-events.ts';
import { positionView } from '../orders/views.ts';
import type { PnlView } from './types.ts';

/** Paper, an exchange's sandbox (testnet), or its live market: three different accounts at one exchange. */
export type AccountMode = 'paper' | 'sandbox' | 'live';

export type TradingAccountView = {
  exchange: string;
  mode: AccountMode;
  /** Sessions trading on the account, whatever their state. */
  sessions: number;
  /** Per symbol, the sessions' positions summed: quantity and PnL. */
  positions: Array<{ symbol: string; quantity: string; sessions: number; pnl: PnlView }>;
  /** Totals per quote asset (amounts in different assets do not add up). */
  pnl: Array<PnlView & { asset: string }>;
};

const modeOf = (session: AccountSessionRow): AccountMode => (session.mode === 'paper' ? 'paper' : session.sandbox ? 'sandbox' : 'live');

const sumPnl = (pnls: readonly PnlView[]): PnlView => ({
  realized: sumDecimals(pnls.map((pnl) => pnl.realized)),
  unrealized: sumDecimals(pnls.map((pnl) => pnl.unrealized)),
  fees: sumDecimals(pnls.map((pnl) => pnl.fees)),
  net: sumDecimals(pnls.map((pnl) => pnl.net)),
});

/**
 * Positions and PnL per exchange account: every session of the tenant on one exchange in one mode,
 * its positions marked as the session's status marks them (at the close of the last candle the
 * session saw, fees included), summed per symbol, with totals per quote asset. Read in one
 * transaction.
 */
export async function listTradingAccounts({ ctx }: { ctx: TenantContext }): Promise<TradingAccountView[]> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const sessions = await listAccountSessions(tx);
    const positions = await listTenantPositions(tx);
    const accountOf = new Map(sessions.map((session) => [session.id, `${session.exchange}\u0000${modeOf(session)}`]));
    const lastPrices = new Map(sessions.map((session) => [session.id, session.lastPrices]));
    const accounts = new Map<string, { exchange: string; mode: AccountMode; sessions: number; bySymbol: Map<string, { quantity: string[]; pnl: PnlView[] }> }>();
    for (const session of sessions) {
      const key = accountOf.get(session.id)!;
      const account = accounts.get(key) ?? { exchange: session.exchange, mode: modeOf(session), sessions: 0, bySymbol: new Map() };
      account.sessions += 1;
      accounts.set(key, account);
    }
    for (const row of positions) {
      const account = accounts.get(accountOf.get(row.sessionId) ?? '');
      if (!account) continue;
      const position = positionView(row);
      const symbol = account.bySymbol.get(position.symbol) ?? { quantity: [], pnl: [] };
      symbol.quantity.push(position.quantity);
      symbol.pnl.push(positionPnl(position, lastPrices.get(row.sessionId)?.[position.symbol]?.price ?? null));
      account.bySymbol.set(position.symbol, symbol);
    }
    return [...accounts.values()].map((account) => {
      const symbols = [...account.bySymbol].map(([symbol, summed]) => ({ symbol, quantity: sumDecimals(summed.quantity), sessions: summed.pnl.length, pnl: sumPnl(summed.pnl) }));
      const byQuote = new Map<string, PnlView[]>();
      for (const symbol of symbols) {
        const { quote } = marketAssets(symbol.symbol);
        byQuote.set(quote, [...(byQuote.get(quote) ?? []), symbol.pnl]);
      }
      return {
        exchange: account.exchange,
        mode: account.mode,
        sessions: account.sessions,
        positions: symbols,
        pnl: [...byQuote].sort(([a], [b]) => a.localeCompare(b)).map(([asset, pnls]) => ({ asset, ...sumPnl(pnls) })),
      };
    });
  });
}
