/**
 * JSON.parse, except that every number comes back as its source text ("-1234.56", "1700000000"), so
 * an amount never passes through a float. Hand-written on the reviver's `context.source` (JSON.parse
 * source text access, built into Node 22+) rather than pulling in a parser library for one line.
 */
export function parseJsonLosslessly(text: string): unknown {
  return JSON.parse(text, (_key: string, value: unknown, context?: { source?: string }) =>
    typeof value === 'number' && context?.source !== undefined ? context.source : value,
  );
}
