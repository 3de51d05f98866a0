import { AGE_BUCKETS, getReceivablesReport } from '@ai-service/financial-domain';
import type { OperationHandler } from '@ai-service/http';
import { contextOf, type HandlerDeps } from './context.ts';
import { ratesCell, sendCsv, wantsCsv } from './csv.ts';

/** The receivables report (open invoices by age); as CSV (see csv.ts) one line per client, with the rates its invoices used. */
export function receivablesHandlers(deps: HandlerDeps): Record<string, OperationHandler> {
  return {
    getReceivablesReport: async (request, reply) => {
      const report = await getReceivablesReport({ ctx: contextOf(deps, request) });
      if (!wantsCsv(request)) return report;
      const rows = report.items.map((item) => [
        item.clientId,
        item.name,
        item.invoices,
        ...AGE_BUCKETS.map((bucket) => item.amounts[bucket]),
        item.amounts.total,
        // Each distinct rate once, however many of the client's invoices used it.
        ratesCell([...new Map(report.invoices.filter((invoice) => invoice.clientId === item.clientId).map((invoice) => [JSON.stringify(invoice.rate), invoice.rate])).values()]),
      ]);
      return sendCsv(reply, `receivables-${report.date}.csv`, ['clientId', 'name', 'invoices', ...AGE_BUCKETS, 'total', 'rates'], rows);
    },
  };
}
