import { decimal, type Decimal } from '@ai-service/money';
import type { InvoiceRow } from '../../repositories/invoices.ts';

/** What an invoice still owes: its total less its issued credit notes and its payments; nothing once void. */
export function amountOwed(row: Pick<InvoiceRow, 'status' | 'total' | 'amountCredited' | 'amountPaid'>): Decimal {
  if (row.status === 'void') return decimal('0');
  return decimal(row.total).minus(row.amountCredited).minus(row.amountPaid);
}
