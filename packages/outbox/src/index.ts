export { appendEvent, appendEventWith, appendEvents, type EventfulChange, type NewEvent } from './append.ts';
export { appendEventsFrom } from './append-from.ts';
export type { EventDelivery } from './delivery.ts';
export { OutboxError, isOutboxError, type OutboxErrorCode } from './errors.ts';
export { eventHandler, type EventEffect, type EventHandlerOptions } from './event-handler.ts';
export { consumeOnce, type ConsumeResult, type InboxMessage } from './inbox.ts';
export { startOutboxRelay, type OutboxRelay, type RelayOptions } from './relay.ts';
export { inboxTable, outboxTable, type InboxTable, type OutboxTable } from './tables.ts';
export { startServiceRelay, type ServiceRelayConfig } from './service-relay.ts';
