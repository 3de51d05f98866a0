export { createPool, pingPostgres, runtimeRoleFor, type PoolOptions } from './pool.ts';
export { migrateSchema, type MigrateOptions } from './migrate.ts';
export { withTenant, type Database, type Transaction } from './tenant.ts';
export { eventLogTable } from './event-log.ts';
export { timeOrderedUuid } from './time-ordered-uuid.ts';
export { tenantIsolationPolicy, TENANT_SETTING } from './tenant-policy.ts';
