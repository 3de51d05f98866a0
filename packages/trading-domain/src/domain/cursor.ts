import { TradingDomainError } from '../errors.ts';

/** Opaque page cursors: the keyset position, base64url-encoded JSON, checked on the way back in. */
export const encodeCursor = (position: unknown[]): string => Buffer.from(JSON.stringify(position)).toString('base64url');

export function decodeCursor<T>(cursor: string, read: (position: unknown[]) => T | undefined): T {
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    // not JSON: refused below
  }
  const decoded = Array.isArray(position) ? read(position) : undefined;
  if (decoded === undefined) throw new TradingDomainError('invalid_cursor', 'The cursor is not one this API returned.', [{ field: 'cursor', message: 'is not one this API returned' }]);
  return decoded;
}
