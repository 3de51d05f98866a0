import { parseEvent, type EventEnvelope, type EventType } from '@ai-service/contracts/events';
import type { Database, Transaction } from '@ai-service/db';
import { JobsError, type JobContext, type JobHandler } from '@ai-service/jobs';
import type { EventDelivery } from './delivery.ts';
import { isOutboxError } from './errors.ts';
import { consumeOnce } from './inbox.ts';
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
 * delay → wake during that delay; gone or failed → undefined, the wait becomes a failed attempt.
 */
async function deferralFor(context: JobContext, predecessorId: string): Promise<number | undefined> {
  const { state, delayMs } = await context.stateOf(predecessorId);
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
 */
export function eventHandler<T extends EventType>(options: EventHandlerOptions, effect: EventEffect<T>): JobHandler<EventDelivery> {
  const { db, inbox, maxDeferrals = 500 } = options;
  return async (delivery, context) => {
    const parsed = parseEvent(delivery.event);
    if (!parsed.ok) throw new JobsError('permanent_failure', `invalid event ${delivery.event?.id}: ${parsed.problems.join('; ')}`);
    const event = parsed.event as EventEnvelope<T>;
    try {
      const result = await consumeOnce(
        db,
        inbox,
        { consumer: context.queue, messageId: event.id, tenantId: event.tenantId, after: delivery.after },
        (tx) => effect(event, tx, context),
      );
      if (result.status === 'duplicate') context.logger.info({ eventId: event.id }, 'event already consumed; redelivery ignored');
    } catch (error) {
      if (isOutboxError(error, 'predecessor_pending') && delivery.after && context.deferrals < maxDeferrals) {
        const delayMs = await deferralFor(context, delivery.after);
        if (delayMs !== undefined) return context.defer(delayMs);
      }
      throw error;
    }
  };
}
