export type Figures = { events: number; seconds: number; eventsPerSecond: number; p50Ms: number; p99Ms: number };

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

/** Throughput over the whole run (first send to last consumption) and end-to-end latency percentiles. */
export function figures(latenciesMs: number[], seconds: number): Figures {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    events: sorted.length,
    seconds,
    eventsPerSecond: sorted.length / seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
}
