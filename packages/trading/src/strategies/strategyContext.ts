import type { CandleSeries } from '../market-data/candles.ts';
import type { StrategyContext } from './strategy.ts';

/**
 * The runner's handles on a context: `moveContext` makes candle `index` the current closed candle,
 * `setContextPosition` reports a position change (the backtester calls it on fills only, not on
 * every candle). Assigned in SeriesContext's static block, so only code importing this module — the
 * runners, never a strategy, which only receives the context object — can move the cursor.
 */
export let moveContext: (context: SeriesContext, index: number) => void;
export let setContextPosition: (context: SeriesContext, inPosition: boolean, entryPrice: number) => void;

/**
 * A strategy's view of a candle series: the cursor and the columns are private fields, so candles
 * after the current one are unreachable through the object. Methods live on the prototype (one
 * function for every run), which lets the backtester's hot loop inline them.
 */
export class SeriesContext implements StrategyContext {
  #current = -1;
  #inPosition = false;
  #entryPrice = Number.NaN;
  readonly #time: Float64Array;
  readonly #open: Float64Array;
  readonly #high: Float64Array;
  readonly #low: Float64Array;
  readonly #close: Float64Array;
  readonly #volume: Float64Array;

  static {
    moveContext = (context, index) => {
      context.#current = index;
    };
    setContextPosition = (context, inPosition, entryPrice) => {
      context.#inPosition = inPosition;
      context.#entryPrice = inPosition ? entryPrice : Number.NaN;
    };
  }

  constructor(series: CandleSeries) {
    this.#time = series.time;
    this.#open = series.open;
    this.#high = series.high;
    this.#low = series.low;
    this.#close = series.close;
    this.#volume = series.volume;
  }

  get length(): number {
    return this.#current + 1;
  }

  get inPosition(): boolean {
    return this.#inPosition;
  }

  get entryPrice(): number {
    return this.#entryPrice;
  }

  time(offset = 0): number {
    return this.#read(this.#time, offset);
  }

  open(offset = 0): number {
    return this.#read(this.#open, offset);
  }

  high(offset = 0): number {
    return this.#read(this.#high, offset);
  }

  low(offset = 0): number {
    return this.#read(this.#low, offset);
  }

  close(offset = 0): number {
    return this.#read(this.#close, offset);
  }

  volume(offset = 0): number {
    return this.#read(this.#volume, offset);
  }

  // A typed array read at a negative or fractional index is undefined, so a sign test and an
  // undefined test bound the offset to the closed candles without an integer test in the hot path.
  #read(column: Float64Array, offset: number): number {
    const value = offset >= 0 ? column[this.#current - offset] : undefined;
    if (value === undefined) throw new RangeError(`Candle offset ${offset} is outside the closed candles (0 to ${this.#current})`);
    return value;
  }
}

/** The runner's side of a context, for code that drives a strategy candle by candle (live sessions). */
export type StrategyCursor = {
  context: StrategyContext;
  /** Makes candle `index` of the series the current closed candle and reports the position. */
  moveTo(index: number, position: { inPosition: boolean; entryPrice: number }): void;
};

export function createStrategyCursor(series: CandleSeries): StrategyCursor {
  const context = new SeriesContext(series);
  return {
    context,
    moveTo: (index, position) => {
      moveContext(context, index);
      setContextPosition(context, position.inPosition, position.entryPrice);
    },
  };
}
