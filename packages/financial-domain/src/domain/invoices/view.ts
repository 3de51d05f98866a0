import type { Transaction } from '@ai-service/db';
import { decimal, decimalToString } from '@ai-service/money';
import type { InvoiceKind, InvoiceStatus, PartySnapshot, TaxBreakdownEntry } from '../../db/schema/invoices.ts';
import { formatMoney } from '../../money.ts';
import { findInvoiceLines, type InvoiceLineRow, type InvoiceRow } from '../../repositories/invoices.ts';
import { amountOwed } from './owed.ts';

export type InvoiceLineView = {
  id: string;
  position: number;
  productId: string | null;
  description: string;
  unit: string | null;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  discountPercent: string;
  netAmount: string;
};

export type InvoiceView = {
  id: string;
  kind: InvoiceKind;
  status: InvoiceStatus;
  number: string | null;
  clientId: string;
  creditedInvoiceId: string | null;
  currency: string;
  issueDate: string;
  dueDate: string;
  notes: string | null;
  discountPercent: string;
  lines: InvoiceLineView[];
  subtotal: string;
  discountAmount: string;
  netTotal: string;
  taxTotal: string;
  total: string;
  taxBreakdown: TaxBreakdownEntry[];
  /** What its issued credit notes take off (an invoice's; 0 on a credit note). */
  amountCredited: string;
  amountPaid: string;
  /** What is still owed: total − amount credited − amount paid; nothing for a void document. */
  amountDue: string;
  paidAt: Date | null;
  /** The parties as they were at issue (null on drafts, which show the current master data). */
  seller: PartySnapshot | null;
  client: PartySnapshot | null;
  issuedAt: Date | null;
  voidedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** NUMERIC text of a percentage or quantity → canonical decimal text ("21.0000" → "21"). */
const plain = (value: string) => decimalToString(decimal(value));

export function toInvoiceView(row: InvoiceRow, lines: readonly InvoiceLineRow[]): InvoiceView {
  const money = (amount: string) => formatMoney(amount, row.currency);
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    number: row.number,
    clientId: row.clientId,
    creditedInvoiceId: row.creditedInvoiceId,
    currency: row.currency,
    issueDate: row.issueDate,
    dueDate: row.dueDate,
    notes: row.notes,
    discountPercent: plain(row.discountPercent),
    lines: lines.map((line) => ({
      id: line.id,
      position: line.position,
      productId: line.productId,
      description: line.description,
      unit: line.unit,
      quantity: plain(line.quantity),
      unitPrice: plain(line.unitPrice),
      taxRate: plain(line.taxRate),
      discountPercent: plain(line.discountPercent),
      netAmount: money(line.netAmount),
    })),
    subtotal: money(row.subtotal),
    discountAmount: money(row.discountAmount),
    netTotal: money(row.netTotal),
    taxTotal: money(row.taxTotal),
    total: money(row.total),
    taxBreakdown: row.taxBreakdown.map((group) => ({ rate: group.rate, net: money(group.net), tax: money(group.tax) })),
    amountCredited: money(row.amountCredited),
    amountPaid: money(row.amountPaid),
    amountDue: money(decimalToString(amountOwed(row))),
    paidAt: row.paidAt,
    seller: row.seller,
    client: row.client,
    issuedAt: row.issuedAt,
    voidedAt: row.voidedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Views of invoice rows, with their lines read in one query. */
export async function invoiceViews(tx: Transaction, rows: readonly InvoiceRow[]): Promise<InvoiceView[]> {
  const lines = await findInvoiceLines(
    tx,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toInvoiceView(row, lines.filter((line) => line.invoiceId === row.id)));
}

export async function invoiceView(tx: Transaction, row: InvoiceRow): Promise<InvoiceView> {
  return toInvoiceView(row, await findInvoiceLines(tx, [row.id]));
}
