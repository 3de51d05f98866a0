import type { EventEnvelope } from '@ai-service/contracts/events';

/**
 * The job data of one event delivered to one subscriber queue. `after` is the id of the previous
 * event of the same aggregate delivered to the same queue: the consumer applies this one only once
 * that one is in its inbox, which keeps each aggregate in order across retries and concurrency.
 */
export type EventDelivery = { event: EventEnvelope; after: string | null };
