import type { Transaction } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { invoices } from '../db/schema/invoices.ts';
import { counterparties } from '../db/schema/ledger.ts';

export type ReceivableRow = {
  invoiceId: string;
  number: string;
  clientId: string;
  clientName: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  total: string;
  amountDue: string;
};

/**
 * Every open invoice (issued, not a credit note, owing something after its credit notes and
 * payments) with what it still owes and its client's name, by client name then due date.
 */
export async function listReceivables(tx: Transaction): Promise<ReceivableRow[]> {
  const result = await tx.execute<ReceivableRow>(sql`
    select i.id as "invoiceId", i.number, i.client_id as "clientId", c.name as "clientName", i.currency,
           i.issue_date::text as "issueDate", i.due_date::text as "dueDate", i.total::text as total, (i.total - i.amount_credited - i.amount_paid)::text as "amountDue"
      from ${invoices} i join ${counterparties} c on c.tenant_id = i.tenant_id and c.id = i.client_id
     where i.status = 'issued' and i.kind = 'invoice' and i.total - i.amount_credited - i.amount_paid > 0
     order by lower(c.name), i.client_id, i.due_date, i.number`);
  return result.rows;
}
