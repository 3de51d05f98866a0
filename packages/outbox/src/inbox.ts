import { withTenant, type Database, type Transaction } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { OutboxError } from './errors.ts';
import type { InboxTable } from './tables.ts';

export type InboxMessage = {
  /** Who consumes (a queue, a saga step): each consumer processes each message once. */
  consumer: string;
  messageId: string;
  tenantId: string;
  /** A message this consumer must have processed first (the aggregate's previous event), if any. */
  after?: string | null;
};

export type ConsumeResult<T> = { status: 'applied'; value: T } | { status: 'duplicate' };

/**
 * Runs `effect` at most once per (consumer, message): the message id is recorded in the consumer's
 * own schema in the same transaction as the effect, so a redelivery finds it and does nothing, and
 * a crash before commit leaves neither. Runs in the message's tenant, under row-level security.
 * Two deliveries at the same moment serialize on the inbox's primary key: one applies, one is a duplicate.
 */
export async function consumeOnce<T>(
  db: Database,
  inbox: InboxTable,
  message: InboxMessage,
  effect: (tx: Transaction) => Promise<T>,
): Promise<ConsumeResult<T>> {
  const { consumer, messageId, tenantId, after } = message;
  return withTenant(db, tenantId, async (tx) => {
    // One round trip: record the message, and see whether its predecessor was recorded before.
    const recordAndCheck = sql`
      with recorded as (
        insert into ${inbox} (consumer, message_id, tenant_id) values (${consumer}, ${messageId}, ${tenantId})
        on conflict do nothing returning 1)
      select exists(select 1 from recorded) as recorded,
             ${after ?? null}::text is null
               or exists(select 1 from ${inbox} where consumer = ${consumer} and message_id = ${after ?? null}) as ready`;
    const { rows } = await tx.execute<{ recorded: boolean; ready: boolean }>(recordAndCheck);
    if (!rows[0]?.recorded) return { status: 'duplicate' };
    // Throwing rolls back the inbox row too: the message is simply not consumed yet.
    if (!rows[0].ready) throw new OutboxError('predecessor_pending', `${consumer} has not processed ${after}, which precedes ${messageId}`);
    return { status: 'applied', value: await effect(tx) };
  });
}
