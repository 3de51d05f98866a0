// Every table of the `financial` schema; drizzle-kit (apps/financial-svc/drizzle.config.ts) reads this file.
export * from './core.ts';
export * from './ledger.ts';
export * from './rules.ts';
export * from './sync.ts';
export * from './imports.ts';
export * from './reporting.ts';
export * from './invoices.ts';
export * from './payments.ts';
export * from './recurring.ts';
