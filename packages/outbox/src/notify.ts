import { getTableConfig } from 'drizzle-orm/pg-core';
import type { OutboxTable } from './tables.ts';

const schemas = new WeakMap<OutboxTable, string>();

/** The outbox's schema, read once per table: drizzle rebuilds a table's whole config on every read, and every append needs it. */
export function outboxSchema(outbox: OutboxTable): string {
  let schema = schemas.get(outbox);
  if (schema === undefined) schemas.set(outbox, (schema = getTableConfig(outbox).schema ?? 'public'));
  return schema;
}

/** The LISTEN/NOTIFY channel on which commits that appended events wake the schema's relay. */
export const outboxChannel = (outbox: OutboxTable) => `outbox_${outboxSchema(outbox)}`;

/** `"schema"."outbox"`, for the relay's hand-written SQL. */
export function qualifiedName(outbox: OutboxTable): string {
  const { schema, name } = getTableConfig(outbox);
  const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
  return schema ? `${quote(schema)}.${quote(name)}` : quote(name);
}
