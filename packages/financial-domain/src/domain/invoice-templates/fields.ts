import type { Transaction } from '@ai-service/db';
import { randomUUID } from 'node:crypto';
import type { FinancialContext } from '../../context.ts';
import type { TemplateIntervalUnit, TemplateLine } from '../../db/schema/recurring.ts';
import { invalidInput } from '../../errors.ts';
import { parseCurrency } from '../../money.ts';
import { parseDate } from '../../months.ts';
import { findInvoiceSettings } from '../../repositories/invoiceSettings.ts';
import { findClientOrFailAs } from '../invoices/client.ts';
import { priceDraft } from '../invoices/draft.ts';

export type TemplateFields = {
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
  autoIssue: boolean;
};

/**
 * Checks a template as a whole (after a patch too): the client, the dates, and the lines priced
 * like a draft invoice's (priceDraft writes nothing), so every failure names its field
 * (`lines.2.quantity`) now rather than when the job runs.
 */
export async function checkTemplate(tx: Transaction, ctx: FinancialContext, fields: TemplateFields): Promise<TemplateFields> {
  const client = await findClientOrFailAs(tx, fields.clientId, 'clientId');
  parseDate('startDate', fields.startDate);
  if (fields.endDate !== null && parseDate('endDate', fields.endDate) < fields.startDate) throw invalidInput('endDate', 'endDate must not be before startDate.');
  const currency = fields.currency === null ? null : parseCurrency('currency', fields.currency);
  const priced = currency ?? client.currency ?? (await findInvoiceSettings(tx))?.defaultCurrency;
  if (!priced) throw invalidInput('currency', 'currency is required: neither the client nor the invoice settings have a default currency.');
  if (fields.lines.length === 0) throw invalidInput('lines', 'A template needs at least one line.');
  await priceDraft(tx, ctx, { invoiceId: randomUUID(), currency: priced, discountPercent: fields.discountPercent, lines: fields.lines });
  return { ...fields, currency };
}

/** The stored columns of checked fields. */
export const templateColumns = (fields: TemplateFields) => ({
  name: fields.name.trim(),
  clientId: fields.clientId,
  currency: fields.currency,
  lines: fields.lines,
  discountPercent: fields.discountPercent,
  notes: fields.notes,
  paymentTermsDays: fields.paymentTermsDays,
  intervalUnit: fields.interval.unit,
  intervalCount: fields.interval.count,
  startDate: fields.startDate,
  endDate: fields.endDate,
  autoIssue: fields.autoIssue,
});
