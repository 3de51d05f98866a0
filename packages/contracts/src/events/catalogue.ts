import type { z } from 'zod';
import { notificationRequested } from './comm.ts';
import { invoiceIssued, invoicePaid, statementImported, statementImportRequested, transactionCategorized, transactionSynced } from './financial.ts';
import {
  arbitrageOpportunityFound,
  backtestRunRequested,
  orderFailed,
  orderFilled,
  orderRequested,
  strategyStateChanged,
  tradeExecuted,
} from './trading.ts';

/**
 * Every event of the platform: the aggregate it belongs to (events of one aggregate are delivered in
 * order), the version producers write (`current`) and the payload schema of each version. A breaking
 * change adds a version; consumers keep reading the older ones until no producer writes them.
 */
export const eventCatalogue = {
  TransactionSynced: { aggregate: 'transaction', current: 1, versions: { 1: transactionSynced } },
  TransactionCategorized: { aggregate: 'transaction', current: 1, versions: { 1: transactionCategorized } },
  InvoiceIssued: { aggregate: 'invoice', current: 1, versions: { 1: invoiceIssued } },
  InvoicePaid: { aggregate: 'invoice', current: 1, versions: { 1: invoicePaid } },
  StrategyStateChanged: { aggregate: 'session', current: 1, versions: { 1: strategyStateChanged } },
  OrderRequested: { aggregate: 'order', current: 1, versions: { 1: orderRequested } },
  OrderFilled: { aggregate: 'order', current: 1, versions: { 1: orderFilled } },
  OrderFailed: { aggregate: 'order', current: 1, versions: { 1: orderFailed } },
  TradeExecuted: { aggregate: 'order', current: 1, versions: { 1: tradeExecuted } },
  ArbitrageOpportunityFound: { aggregate: 'market', current: 1, versions: { 1: arbitrageOpportunityFound } },
  NotificationRequested: { aggregate: 'notification', current: 1, versions: { 1: notificationRequested } },
  BacktestRunRequested: { aggregate: 'backtest', current: 1, versions: { 1: backtestRunRequested } },
  StatementImportRequested: { aggregate: 'import', current: 1, versions: { 1: statementImportRequested } },
  StatementImported: { aggregate: 'import', current: 1, versions: { 1: statementImported } },
} as const satisfies Record<string, { aggregate: string; current: number; versions: Record<number, z.ZodObject> }>;

export type EventType = keyof typeof eventCatalogue;

type Versions<T extends EventType> = (typeof eventCatalogue)[T]['versions'];

/** The version producers write today. */
export type CurrentVersion<T extends EventType> = (typeof eventCatalogue)[T]['current'];

export type EventPayload<T extends EventType, V extends keyof Versions<T> = CurrentVersion<T>> = z.infer<Versions<T>[V] & z.ZodType>;

export const eventTypes = Object.keys(eventCatalogue) as EventType[];

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(eventCatalogue, value);
}

export function currentVersion(type: EventType): number {
  return eventCatalogue[type].current;
}

export function payloadSchema(type: EventType, version: number): z.ZodObject | undefined {
  const versions: Record<number, z.ZodObject> = eventCatalogue[type].versions;
  return versions[version];
}
