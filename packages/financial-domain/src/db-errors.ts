import { FinancialError } from './errors.ts';

const UNIQUE_VIOLATION = '23505';

/** The SQLSTATE of a Postgres error, also when drizzle wrapped it (DrizzleQueryError.cause). */
export function sqlState(error: unknown): string | undefined {
  for (let current: unknown = error; current && typeof current === 'object'; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Runs a write whose uniqueness the database guards (names unique per tenant) and turns a
 * duplicate into a `conflict` naming the field, so races end in a 409 rather than a 500.
 */
export async function conflictOnDuplicate<T>(write: () => Promise<T>, message: string, field: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (sqlState(error) === UNIQUE_VIOLATION) throw new FinancialError('conflict', message, { field });
    throw error;
  }
}
