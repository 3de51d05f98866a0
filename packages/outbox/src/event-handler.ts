import { parseEvent, type EventEnvelope, type EventType } from '@ai-service/contracts/events';
import type { Database, Transaction } from '@ai-service/db';
import { JobsError, type JobContext, type JobHandler, type OtherJobState } from '@ai-service/jobs';
import type { EventDelivery } from './delivery.ts';
import { OutboxError } from './errors.ts';
import { inboxBatcher } from './inbox-batch.ts';
import type { InboxTable } from './tables.ts';

export type EventEffect<T extends EventType> = (event: EventEnvelope<T>, tx: Transaction, context: JobContext) => Promise<void>;

export type EventHandlerOptions = {
  db: Database;
  /** The consumer schema's inbox. */
  inbox: InboxTable;
  /** How often a job may wait for its aggregate's previous event before the wait counts as a failed attempt. */
  maxDeferrals?: number;
};

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * How long to put an event back while its predecessor is not applied yet, from where that
 * predecessor stands on the same queue: about to run → look again shortly; waiting out a retry
 * delay → wake during that delay; failed → undefined, the wait becomes a failed attempt.
 */
function deferralFor({ state, delayMs }: OtherJobState): number | undefined {
  switch (state) {
    case 'completed':
      return 5; // applied just after our check
    case 'waiting':
    case 'prioritized':
    case 'active':
    case 'waiting-children':
      return 50;
    case 'delayed':
      return clamp((delayMs ?? 1_000) / 2, 50, 1_000);
    default:
      return undefined;
  }
}

/**
 * The job handler of an event subscription: validates the envelope, then applies `effect` once per
 * queue (the queue is the consumer) and in aggregate order. An event whose predecessor this queue
 * has not processed yet is put back without using up an attempt, for as long as the predecessor is
 * on its way; if it is not (failed, in the dead letter), the wait fails like any error and ends in
 * the dead letter too, from where both can be retried in order.
 *
 * Effects of events that arrive together share a transaction (group commit, see inbox-batch.ts):
 * an effect does its database work in `tx` and must not wait on anything slow.
 */
export function eventHandler<T extends EventType>(options: EventHandlerOptions, effect: EventEffect<T>): JobHandler<EventDelivery> {
  const { db, inbox, maxDeferrals = 500 } = options;
  const consume = inboxBatcher(db, inbox);
  return async (delivery, context) => {
    const parsed = parseEvent(delivery.event);
    if (!parsed.ok) throw new JobsError('permanent_failure', `invalid event ${delivery.event?.id}: ${parsed.problems.join('; ')}`);
    const event = parsed.event as EventEnvelope<T>;
    const message = { consumer: context.queue, messageId: event.id, tenantId: event.tenantId, after: delivery.after };
    const apply = (tx: Transaction) => effect(event, tx, context);
    let outcome = await consume(message, apply);
    if (outcome === 'pending' && delivery.after && context.deferrals < maxDeferrals) {
      const predecessor = await context.stateOf(delivery.after);
      // Completed deliveries are not kept (the relay enqueues them with removeOnComplete): a missing
      // predecessor was either applied since our check or is in the dead letter. One more try tells.
      if (predecessor.state === 'missing') outcome = await consume(message, apply);
      else {
        const delayMs = deferralFor(predecessor);
        if (delayMs !== undefined) return context.defer(delayMs);
      }
    }
    if (outcome === 'pending') throw new OutboxError('predecessor_pending', `${context.queue} has not processed ${delivery.after}, which precedes ${event.id}`);
    if (outcome === 'duplicate') context.logger.info({ eventId: event.id }, 'event already consumed; redelivery ignored');
  };
}
