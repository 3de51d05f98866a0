import type { StatementRow } from '@ai-service/statement-import';

export type ProviderName = 'gocardless' | 'simplefin';

/**
 * One transaction in the shape the financial domain's ingest takes (the same rows imports produce):
 * dates `yyyy-mm-dd`, amounts canonical decimal strings (negative = money out), `externalId` the
 * provider's own id when it gives a stable one, otherwise null (the ingest then dedups by content).
 */
export type SyncedRow = Omit<StatementRow, 'raw'>;

export type ProviderBalance = {
  /** Provider's balance kind, e.g. `closingBooked`, `interimAvailable`, `current`, `available`. */
  type: string;
  amount: string;
  currency: string | null;
  /** `yyyy-mm-dd`, when the provider says. */
  date: string | null;
};

/** An account as the provider lists it, before it is linked to a local account. */
export type ProviderAccount = {
  id: string;
  name: string | null;
  currency: string | null;
  iban: string | null;
  institution: string | null;
  /** Provider's account status (GoCardless: READY, EXPIRED, SUSPENDED, ...); null when it has none. */
  status: string | null;
  /** Balances that came for free with the listing (SimpleFIN); empty when they cost a request. */
  balances: ProviderBalance[];
};

/** Inclusive `yyyy-mm-dd` dates. */
export type DateRange = { from: string; to: string };

export type FetchedTransactions = {
  rows: SyncedRow[];
  /** Messages the provider wants the user to see (SimpleFIN's `errors`/`errlist`), already plain text. */
  warnings: string[];
};

/**
 * What a sync needs from one established provider connection, whatever the provider. Setting a
 * connection up is provider-specific (GoCardless requisition link, SimpleFIN setup token claim).
 */
export type BankConnection = {
  readonly provider: ProviderName;
  listAccounts: () => Promise<ProviderAccount[]>;
  fetchTransactions: (accountId: string, range: DateRange) => Promise<FetchedTransactions>;
  fetchBalances: (accountId: string) => Promise<ProviderBalance[]>;
};
