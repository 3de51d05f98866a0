/**
 * The baseline: the same two simple moving averages as the engine's SMA crossover (running sums,
 * the same float operations in the same order) and the same entry rule, straight over the close
 * array, with no strategy, account or metrics around it. Returns the entries the engine would fill.
 */
export function bareSmaCrossoverEntries(close: Float64Array, fast: number, slow: number): number {
  const length = close.length;
  let fastSum = 0;
  let slowSum = 0;
  let previousSpread = Number.NaN;
  let long = false;
  let entries = 0;
  for (let index = 0; index < length; index++) {
    const price = close[index] as number;
    fastSum += price - (index >= fast ? (close[index - fast] as number) : 0);
    slowSum += price - (index >= slow ? (close[index - slow] as number) : 0);
    if (index < slow - 1) continue;
    const spread = fastSum / fast - slowSum / slow;
    if (previousSpread <= 0 && spread > 0 && !long && index < length - 1) {
      long = true;
      entries++;
    } else if (previousSpread >= 0 && spread < 0) long = false;
    previousSpread = spread;
  }
  return entries;
}
