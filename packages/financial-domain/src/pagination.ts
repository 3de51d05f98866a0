import { FinancialError } from './errors.ts';

/**
 * Opaque keyset cursors: the sort key of the last row of a page, as base64url JSON. `check`
 * validates the decoded parts, so a forged or foreign cursor is a 400, never a SQL error.
 */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor<T extends readonly unknown[]>(cursor: string, check: (parts: unknown[]) => parts is unknown[] & T): T {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && check(parts)) return parts;
  } catch {
    // not JSON: reported below
  }
  throw new FinancialError('invalid_cursor', 'The cursor is not one this API returned.');
}

export type Page<T> = { items: T[]; nextCursor: string | null };

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `%`, `_` and `\` match themselves in an ILIKE pattern built from user text. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
