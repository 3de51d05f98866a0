import { TradingDomainError, type ImportCandlesInput } from '@ai-service/trading-domain';
import type { FastifyRequest } from 'fastify';

const SERIES_FIELDS = new Set(['exchange', 'symbol', 'timeframe']);

/**
 * The import's input from a multipart body: the `file` part as text and the series fields. The
 * spec cannot validate a multipart body, so the domain checks the fields (importCandles).
 */
export async function readCandleUpload(request: FastifyRequest): Promise<ImportCandlesInput> {
  const fields: Record<string, string> = {};
  let csv: string | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      // Read whole even when not ours: an unconsumed file stream would stall the rest of the body.
      const content = await part.toBuffer();
      if (part.fieldname === 'file') csv = content.toString('utf8');
    } else if (SERIES_FIELDS.has(part.fieldname) && typeof part.value === 'string') {
      fields[part.fieldname] = part.value;
    }
  }
  if (csv === undefined) throw new TradingDomainError('invalid_input', 'file is required: the CSV of candles, as a multipart file part.', [{ field: 'file', message: 'is required' }]);
  return { exchange: fields['exchange'], symbol: fields['symbol'], timeframe: fields['timeframe'], csv };
}
