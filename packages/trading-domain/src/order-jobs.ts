/**
 * The order saga's jobs on the `trading` queue (packages/jobs catalogue): `OrderRequested` is the
 * event trading's outbox relay delivers (event id = order id); `orderTimeout` is the delayed re-check
 * of one order at its deadline; `sweepReservations` is each tenant's periodic sweeper.
 */
export const ORDER_REQUESTED_JOB = 'OrderRequested';
export const ORDER_TIMEOUT_JOB = 'orderTimeout';
export const SWEEP_RESERVATIONS_JOB = 'sweepReservations';

export type OrderTimeoutJobData = { tenantId: string; orderId: string };
export type SweepReservationsJobData = { tenantId: string };

export const orderTimeoutJobId = (orderId: string) => `orderTimeout-${orderId}`;
export const sweeperSchedulerId = (tenantId: string) => `sweepReservations-${tenantId}`;
