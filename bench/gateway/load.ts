import autocannon from 'autocannon';

export type LoadOptions = { connections: number; durationSeconds: number; warmupSeconds: number; headers: Record<string, string> };

export type LoadFigures = { label: string; requestsPerSecond: number; p50Ms: number; p99Ms: number; requests: number; non2xx: number; errors: number };

/**
 * autocannon's own percentiles come from an integer-millisecond histogram, too coarse for a
 * sub-millisecond hop; each response's exact duration (its `response` event) is kept instead.
 */
function run(url: string, options: LoadOptions, durationSeconds: number): Promise<{ result: autocannon.Result; durationsMs: number[] }> {
  const durationsMs: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections: options.connections, duration: durationSeconds, headers: options.headers, pipelining: 1 },
      (error, result) => (error ? reject(error) : resolve({ result, durationsMs })),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      if (statusCode >= 200 && statusCode < 300) durationsMs.push(responseTimeMs);
    });
  });
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** A warm-up (JIT, connection pools, JWKS cache), then the measured run of GET `url`. */
export async function measure(label: string, url: string, options: LoadOptions): Promise<LoadFigures> {
  await run(url, options, options.warmupSeconds);
  const { result, durationsMs } = await run(url, options, options.durationSeconds);
  const sorted = durationsMs.sort((left, right) => left - right);
  return {
    label,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
