import { renderTable } from '../../infra/launcher/src/text-table.ts';
import type { LoadFigures } from './load.ts';

/** The issue's goals for the gateway against the service alone. */
export const GOALS = { minThroughputRatio: 0.7, maxAddedP50Ms: 1 } as const;

const fixed = (value: number, digits = 2) => value.toFixed(digits);

export function renderFigures(rows: LoadFigures[]): string {
  return renderTable(
    ['TARGET', 'REQ/S', 'P50', 'P99', 'REQUESTS', 'NON-2XX', 'ERRORS'],
    rows.map((row) => [row.label, fixed(row.requestsPerSecond, 0), `${fixed(row.p50Ms)} ms`, `${fixed(row.p99Ms)} ms`, String(row.requests), String(row.non2xx), String(row.errors)]),
  );
}

const signed = (value: number) => `${value >= 0 ? '+' : ''}${fixed(value)}`;

/**
 * b against a and c. The throughput goal is judged under saturation, the added-p50 goal with one
 * connection (under saturation p50 is mostly queueing and follows throughput); both runs show all.
 */
export function renderComparison(direct: LoadFigures, gateway: LoadFigures, nginx: LoadFigures | undefined, judges: 'throughput' | 'latency'): string {
  const throughput = gateway.requestsPerSecond / direct.requestsPerSecond;
  const addedP50 = gateway.p50Ms - direct.p50Ms;
  const verdict = (ok: boolean) => (ok ? 'OK' : 'MISSED');
  const lines = [
    `b/a throughput: ${fixed(throughput)}${judges === 'throughput' ? ` (goal ≥ ${GOALS.minThroughputRatio}) ${verdict(throughput >= GOALS.minThroughputRatio)}` : ''}`,
    `b-a p50: ${signed(addedP50)} ms${judges === 'latency' ? ` (goal ≤ ${GOALS.maxAddedP50Ms} ms) ${verdict(addedP50 <= GOALS.maxAddedP50Ms)}` : ''}`,
  ];
  if (nginx) {
    lines.push(`b/c throughput: ${fixed(gateway.requestsPerSecond / nginx.requestsPerSecond)}`);
    lines.push(`b-c p50: ${signed(gateway.p50Ms - nginx.p50Ms)} ms`);
  }
  return lines.join('\n');
}
