import { decimal, decimalToString } from '@ai-service/money';
import type { TemplateIntervalUnit, TemplateLine } from '../../db/schema/recurring.ts';
import type { TemplateRow } from '../../repositories/invoiceTemplates.ts';

export type InvoiceTemplateView = {
  id: string;
  name: string;
  clientId: string;
  currency: string | null;
  lines: TemplateLine[];
  discountPercent: string;
  notes: string | null;
  paymentTermsDays: number | null;
  interval: { unit: TemplateIntervalUnit; count: number };
  startDate: string;
  endDate: string | null;
  /** The date of the next invoice; null when the schedule is over. */
  nextRunDate: string | null;
  runs: number;
  autoIssue: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export const toTemplateView = (row: TemplateRow): InvoiceTemplateView => ({
  id: row.id,
  name: row.name,
  clientId: row.clientId,
  currency: row.currency,
  lines: row.lines,
  discountPercent: decimalToString(decimal(row.discountPercent)),
  notes: row.notes,
  paymentTermsDays: row.paymentTermsDays,
  interval: { unit: row.intervalUnit, count: row.intervalCount },
  startDate: row.startDate,
  endDate: row.endDate,
  nextRunDate: row.nextRunDate,
  runs: row.runs,
  autoIssue: row.autoIssue,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
