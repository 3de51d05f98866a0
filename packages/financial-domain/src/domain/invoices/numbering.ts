import type { InvoiceKind } from '../../db/schema/invoices.ts';
import type { InvoiceSettingsRow } from '../../repositories/invoiceSettings.ts';

export const DEFAULT_PREFIXES: Record<InvoiceKind, string> = { invoice: 'INV-{YYYY}-', credit_note: 'CN-{YYYY}-' };

/** Digits of the number within its series: INV-2026-0001 … INV-2026-9999, then INV-2026-10000. */
const NUMBER_DIGITS = 4;

/**
 * Where a document's number comes from: the prefix with `{YYYY}` replaced by the issue year. Each
 * resolved prefix of a kind is its own series (`invoice:INV-2026-`), so numbering restarts at 1 each
 * year when the prefix has the year, and runs on when it has not.
 */
export function seriesOf(kind: InvoiceKind, issueDate: string, settings: InvoiceSettingsRow | undefined): { series: string; prefix: string } {
  const template = kind === 'invoice' ? (settings?.invoiceNumberPrefix ?? DEFAULT_PREFIXES.invoice) : (settings?.creditNoteNumberPrefix ?? DEFAULT_PREFIXES.credit_note);
  const prefix = template.replaceAll('{YYYY}', issueDate.slice(0, 4));
  return { series: `${kind}:${prefix}`, prefix };
}

export const formatNumber = (prefix: string, sequence: number) => `${prefix}${String(sequence).padStart(NUMBER_DIGITS, '0')}`;
