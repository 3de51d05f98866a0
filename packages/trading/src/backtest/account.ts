import type { RiskSettings } from '../strategies/strategy.ts';
import { stopLossPrice, takeProfitPrice, trailingStopBinds, trailingStopPrice } from './exitLevels.ts';
import { TradeLog } from './tradeLog.ts';
import type { ExitReason } from './types.ts';

/**
 * Cash and the one long position of a backtest, in float64 (a simulation, not the ledger). Fills
 * pay `fee` × notional; slippage moves every fill price against the trade.
 */
export class Account {
  cash: number;
  quantity = 0;
  fills = 0;
  fees = 0;
  readonly trades = new TradeLog();
  /** Whether any exit level is set; without one a candle's range needs no look. */
  readonly hasExitLevels: boolean;
  readonly #fee: number;
  readonly #slippage: number;
  readonly #risk: RiskSettings;
  #entryTime = 0;
  #entryPrice = 0;
  #entrySpent = 0;
  #entryFee = 0;
  #stopLossPrice = 0;
  #takeProfitPrice = Number.POSITIVE_INFINITY;
  #highest = 0;

  constructor(initialCapital: number, fee: number, slippage: number, risk: RiskSettings) {
    this.cash = initialCapital;
    this.#fee = fee;
    this.#slippage = slippage;
    this.hasExitLevels = risk.stopLoss !== null || risk.takeProfit !== null || risk.trailingStop !== null;
    this.#risk = risk;
  }

  get entryPrice(): number {
    return this.#entryPrice;
  }

  /** Buys with `fraction` of the cash at `marketPrice`: quantity = spent / (price × (1 + fee)). */
  buy(marketPrice: number, time: number, fraction: number): void {
    const price = marketPrice * (1 + this.#slippage);
    const spent = this.cash * fraction;
    this.quantity = spent / (price * (1 + this.#fee));
    this.#entryFee = this.quantity * price * this.#fee;
    this.cash -= spent;
    this.fills++;
    this.fees += this.#entryFee;
    this.#entryTime = time;
    this.#entryPrice = price;
    this.#entrySpent = spent;
    this.#stopLossPrice = stopLossPrice(price, this.#risk);
    this.#takeProfitPrice = takeProfitPrice(price, this.#risk);
    this.#highest = price;
  }

  /** Sells the whole position at `marketPrice` (before slippage). */
  sell(marketPrice: number, time: number, exitReason: ExitReason): void {
    const price = marketPrice * (1 - this.#slippage);
    const proceeds = this.quantity * price;
    const exitFee = proceeds * this.#fee;
    const pnl = proceeds - exitFee - this.#entrySpent;
    this.cash += proceeds - exitFee;
    this.fills++;
    this.fees += exitFee;
    this.trades.record(this.#entryTime, this.#entryPrice, time, price, this.quantity, this.#entryFee + exitFee, pnl, (100 * pnl) / this.#entrySpent, exitReason);
    this.quantity = 0;
    this.#entryPrice = 0;
  }

  /**
   * Stop-loss, trailing stop and take-profit against one candle of an open position. A level the
   * open gapped through fills at the open; otherwise at the level. When the stop and the target both
   * lie inside the range, the stop is assumed hit first (the conservative reading). The trailing
   * stop follows the highest price of the candles before this one, so a candle's own high never
   * tightens the stop it is tested against. The levels are exitLevels.ts's, which sessions share.
   */
  applyExits(open: number, high: number, low: number, time: number): void {
    const trailingPrice = trailingStopPrice(this.#highest, this.#risk);
    const trailing = trailingStopBinds(this.#stopLossPrice, trailingPrice);
    const stopPrice = trailing ? trailingPrice : this.#stopLossPrice;
    const stopReason = trailing ? 'trailing-stop' : 'stop-loss';
    if (open <= stopPrice) this.sell(open, time, stopReason);
    else if (open >= this.#takeProfitPrice) this.sell(open, time, 'take-profit');
    else if (low <= stopPrice) this.sell(stopPrice, time, stopReason);
    else if (high >= this.#takeProfitPrice) this.sell(this.#takeProfitPrice, time, 'take-profit');
    else if (high > this.#highest) this.#highest = high;
  }
}
