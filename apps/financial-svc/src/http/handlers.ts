import type { OperationHandler } from '@ai-service/http';
import { accountHandlers } from './accounts.ts';
import { importHandlers } from './imports.ts';
import { invoiceTemplateHandlers, type TemplateHandlerDeps } from './invoice-templates.ts';
import { invoiceHandlers } from './invoices.ts';
import { masterDataHandlers } from './master-data.ts';
import { paymentHandlers } from './payments.ts';
import { receivablesHandlers } from './receivables.ts';
import { reportingHandlers } from './reports.ts';
import { ruleHandlers } from './rules.ts';
import { syncHandlers, type SyncHandlerDeps } from './sync.ts';
import { transactionHandlers } from './transactions.ts';

/**
 * Every operation of openapi/financial.yaml, one handler map per area. Bodies, params and queries
 * were validated against the spec before a handler runs; each handler calls one domain function.
 */
export function financialHandlers(deps: SyncHandlerDeps & TemplateHandlerDeps): Record<string, OperationHandler> {
  return {
    ...accountHandlers(deps),
    ...transactionHandlers(deps),
    ...masterDataHandlers(deps),
    ...ruleHandlers(deps),
    ...syncHandlers(deps),
    ...importHandlers(deps),
    ...invoiceHandlers(deps),
    ...paymentHandlers(deps),
    ...invoiceTemplateHandlers(deps),
    ...receivablesHandlers(deps),
    ...reportingHandlers(deps),
  };
}
