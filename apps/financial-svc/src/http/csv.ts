import type { RateUsed } from '@ai-service/financial-domain';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** `?format=csv` wins; else `Accept: text/csv` asks for CSV; JSON otherwise. */
export function wantsCsv(request: FastifyRequest): boolean {
  const format = (request.query as { format?: string }).format;
  if (format) return format === 'csv';
  return /\btext\/csv\b/i.test(request.headers.accept ?? '');
}

/** A row's rates in one cell: `USD 2024-01-31 0.9248982612 inverse; GBP 2024-01-31 1.1700000000 cross via USD`. */
export const ratesCell = (rates: readonly (RateUsed | null)[]) =>
  rates
    .filter((rate): rate is RateUsed => rate !== null)
    .map((rate) => `${rate.currency} ${rate.date} ${rate.rate} ${rate.method}${rate.via ? ` via ${rate.via}` : ''}`)
    .join('; ');

/** One CSV line per row (header first, RFC 4180 quoting by csv-stringify), as a download named `fileName`. */
export function sendCsv(reply: FastifyReply, fileName: string, columns: string[], rows: unknown[][]): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    // csv-stringify writes booleans as 1 and empty by default; true/false read back unambiguously.
    .send(stringify([columns, ...rows], { cast: { boolean: (value) => String(value) } }));
}
