import { getTableConfig } from 'drizzle-orm/pg-core';
import type { OutboxTable } from './tables.ts';

/** The LISTEN/NOTIFY channel on which commits that appended events wake the schema's relay. */
export const outboxChannel = (outbox: OutboxTable) => `outbox_${getTableConfig(outbox).schema ?? 'public'}`;

/** `"schema"."outbox"`, for the relay's hand-written SQL. */
export function qualifiedName(outbox: OutboxTable): string {
  const { schema, name } = getTableConfig(outbox);
  const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
  return schema ? `${quote(schema)}.${quote(name)}` : quote(name);
}
