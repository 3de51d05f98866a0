import { z } from 'zod';
import { decimalText, integerText, isoDate } from '../fields.ts';

/** Documented response shapes of GoCardless Bank Account Data v2, the fields this package reads. */

export const tokenPairSchema = z.object({
  access: z.string().min(1),
  /** Seconds. */
  access_expires: integerText,
  refresh: z.string().min(1),
  refresh_expires: integerText,
});

export const refreshedTokenSchema = z.object({ access: z.string().min(1), access_expires: integerText });

export const institutionSchema = z.object({
  id: z.string(),
  name: z.string(),
  bic: z.string().nullish(),
  /** How far back the bank lets us read, in days (a string in the API). */
  transaction_total_days: integerText.nullish(),
  max_access_valid_for_days: integerText.nullish(),
  countries: z.array(z.string()).default([]),
  logo: z.string().nullish(),
});
export type Institution = z.output<typeof institutionSchema>;

export const agreementSchema = z.object({
  id: z.string(),
  created: z.string().nullish(),
  institution_id: z.string(),
  max_historical_days: integerText,
  access_valid_for_days: integerText,
  access_scope: z.array(z.string()),
  accepted: z.string().nullish(),
});
export type Agreement = z.output<typeof agreementSchema>;

/**
 * Requisition status: CR created, GC giving consent, UA undergoing authentication, RJ rejected,
 * SA selecting accounts, GA granting access, LN linked, EX expired.
 */
export type RequisitionStatus = 'CR' | 'GC' | 'UA' | 'RJ' | 'SA' | 'GA' | 'LN' | 'EX';

export const requisitionSchema = z.object({
  id: z.string(),
  created: z.string().nullish(),
  redirect: z.string().nullish(),
  status: z.enum(['CR', 'GC', 'UA', 'RJ', 'SA', 'GA', 'LN', 'EX']),
  institution_id: z.string(),
  agreement: z.string().nullish(),
  reference: z.string().nullish(),
  accounts: z.array(z.string()).default([]),
  user_language: z.string().nullish(),
  /** Where the end user goes to give consent at their bank. */
  link: z.string(),
});
export type Requisition = z.output<typeof requisitionSchema>;

export const accountMetadataSchema = z.object({
  id: z.string(),
  created: z.string().nullish(),
  last_accessed: z.string().nullish(),
  iban: z.string().nullish(),
  bban: z.string().nullish(),
  institution_id: z.string().nullish(),
  /** DISCOVERED, PROCESSING, READY, ERROR, EXPIRED, SUSPENDED. */
  status: z.string().nullish(),
  owner_name: z.string().nullish(),
  name: z.string().nullish(),
});
export type AccountMetadata = z.output<typeof accountMetadataSchema>;

export const accountDetailsSchema = z.object({
  account: z.object({
    resourceId: z.string().nullish(),
    iban: z.string().nullish(),
    bban: z.string().nullish(),
    currency: z.string().nullish(),
    ownerName: z.string().nullish(),
    name: z.string().nullish(),
    displayName: z.string().nullish(),
    product: z.string().nullish(),
    cashAccountType: z.string().nullish(),
  }),
});
export type AccountDetails = z.output<typeof accountDetailsSchema>['account'];

const amountSchema = z.object({ amount: decimalText, currency: z.string().nullish() });

export const balancesSchema = z.object({
  balances: z.array(
    z.object({
      balanceAmount: amountSchema,
      balanceType: z.string(),
      referenceDate: isoDate.nullish(),
      lastChangeDateTime: isoDate.nullish(),
    }),
  ),
});
export type Balance = z.output<typeof balancesSchema>['balances'][number];

export const transactionSchema = z.object({
  transactionId: z.string().nullish(),
  internalTransactionId: z.string().nullish(),
  entryReference: z.string().nullish(),
  bookingDate: isoDate.nullish(),
  bookingDateTime: isoDate.nullish(),
  valueDate: isoDate.nullish(),
  valueDateTime: isoDate.nullish(),
  transactionAmount: amountSchema,
  creditorName: z.string().nullish(),
  debtorName: z.string().nullish(),
  remittanceInformationUnstructured: z.string().nullish(),
  remittanceInformationUnstructuredArray: z.array(z.string()).nullish(),
  remittanceInformationStructured: z.string().nullish(),
  remittanceInformationStructuredArray: z.array(z.string()).nullish(),
  additionalInformation: z.string().nullish(),
  proprietaryBankTransactionCode: z.string().nullish(),
});
export type GoCardlessTransaction = z.output<typeof transactionSchema>;

export const transactionsSchema = z.object({
  transactions: z.object({
    booked: z.array(transactionSchema).default([]),
    pending: z.array(transactionSchema).default([]),
  }),
});

/** Error bodies: `{ summary, detail, status_code }`, or per-field `{ field: { summary, detail } }`. */
export const errorBodySchema = z.record(z.string(), z.unknown());
