import { z } from 'zod';
import { decimalText, integerText } from '../fields.ts';

/** SimpleFIN protocol (www.simplefin.org/protocol.html) Account Set, v1 and v2 fields. */

export const simpleFinTransactionSchema = z.object({
  id: z.string(),
  /** Unix seconds; 0 while pending. */
  posted: integerText,
  amount: decimalText,
  description: z.string().default(''),
  /** SimpleFIN Bridge extensions. */
  payee: z.string().nullish(),
  memo: z.string().nullish(),
  transacted_at: integerText.nullish(),
  pending: z.boolean().nullish(),
});
export type SimpleFinTransaction = z.output<typeof simpleFinTransactionSchema>;

export const simpleFinAccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** ISO 4217, or the URL of a custom currency. */
  currency: z.string(),
  balance: decimalText,
  'available-balance': decimalText.nullish(),
  'balance-date': integerText,
  org: z.object({ domain: z.string().nullish(), name: z.string().nullish(), 'sfin-url': z.string().nullish(), id: z.string().nullish() }).nullish(),
  conn_id: z.string().nullish(),
  conn_name: z.string().nullish(),
  transactions: z.array(simpleFinTransactionSchema).default([]),
});
export type SimpleFinAccount = z.output<typeof simpleFinAccountSchema>;

export const accountSetSchema = z.object({
  /** v1: strings for the user. */
  errors: z.array(z.string()).default([]),
  /** v2: structured errors (`msg`; some examples say `message`). */
  errlist: z.array(z.object({ code: z.string(), msg: z.string().nullish(), message: z.string().nullish() })).default([]),
  connections: z.array(z.object({ conn_id: z.string(), name: z.string().nullish(), org_id: z.string().nullish() })).default([]),
  accounts: z.array(simpleFinAccountSchema),
});
export type AccountSet = z.output<typeof accountSetSchema>;
