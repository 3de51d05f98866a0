import { decimal, decimalToString } from '@ai-service/money';
import type { ProductRow } from '../../repositories/products.ts';

export type ProductView = {
  id: string;
  name: string;
  description: string | null;
  unit: string | null;
  unitPrice: string;
  currency: string;
  taxRate: string;
  archived: boolean;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export const toProductView = (row: ProductRow): ProductView => ({
  id: row.id,
  name: row.name,
  description: row.description,
  unit: row.unit,
  unitPrice: decimalToString(decimal(row.unitPrice)),
  currency: row.currency,
  taxRate: decimalToString(decimal(row.taxRate)),
  archived: row.archivedAt !== null,
  archivedAt: row.archivedAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
