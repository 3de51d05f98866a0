import { formatMoney } from '../../money.ts';
import type { AccountWithBalance } from '../../repositories/accounts.ts';

export type AccountView = {
  id: string;
  name: string;
  type: AccountWithBalance['type'];
  currency: string;
  openingBalance: string;
  openingDate: string | null;
  iban: string | null;
  accountNumber: string | null;
  institution: string | null;
  archived: boolean;
  archivedAt: Date | null;
  balance: string;
  bookedBalance: string;
  createdAt: Date;
  updatedAt: Date;
};

export const toAccountView = (row: AccountWithBalance): AccountView => ({
  id: row.id,
  name: row.name,
  type: row.type,
  currency: row.currency,
  openingBalance: formatMoney(row.openingBalance, row.currency),
  openingDate: row.openingDate,
  iban: row.iban,
  accountNumber: row.accountNumber,
  institution: row.institution,
  archived: row.archivedAt !== null,
  archivedAt: row.archivedAt,
  balance: formatMoney(row.balance, row.currency),
  bookedBalance: formatMoney(row.bookedBalance, row.currency),
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
