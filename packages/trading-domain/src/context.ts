import type { Database } from '@ai-service/db';

/** The time every rule reads (timestamps, progress throttling); tests inject their own. */
export type Clock = () => Date;

/** What every domain function gets: the database, the time and the trace of the request or job. */
export type TradingContext = { db: Database; clock: Clock; traceId: string | undefined };

/** A request by a signed-in user, scoped to their tenant. */
export type TenantContext = TradingContext & { tenantId: string; actorId: string };
