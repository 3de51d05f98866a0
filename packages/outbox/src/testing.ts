// Test and benchmark helpers: a migrated stand-in service schema, and subscriber queues that
// consume through the inbox. Not for production code.
export { consumeInto, subscriberJobs } from './test-fixtures/consumers.ts';
export { delivery } from './test-fixtures/deliveries.ts';
export { commitEvents, effects, inbox, newTenant, outbox, setUpFixture, stateChange, type Fixture } from './test-fixtures/harness.ts';
