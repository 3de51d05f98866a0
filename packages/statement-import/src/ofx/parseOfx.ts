import { parseLocalizedDecimal } from '@ai-service/money';
import { malformedAt, type StatementImportError } from '../errors.ts';
import type { StatementAccount, StatementRow } from '../types.ts';
import { child, childValue, descendants, readOfxTree, type OfxElement } from './tree.ts';

/** OFX dates are `YYYYMMDD[HHMMSS[.XXX]][[offset:TZ]]`; the booking day is the first eight digits. */
function ofxDate(element: OfxElement | undefined): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})/.exec(element?.value?.trim() ?? '');
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** OFX writes amounts with a point; some banks (Brazil's, notably) write a comma instead. */
function ofxAmount(element: OfxElement | undefined): string | undefined {
  const text = element?.value?.trim() ?? '';
  return parseLocalizedDecimal(text, text.includes(',') && !text.includes('.') ? ',' : '.');
}

function readTransaction(transaction: OfxElement, defaultCurrency: string | undefined): StatementRow {
  const errors: StatementImportError[] = [];
  const posted = child(transaction, 'DTPOSTED');
  const bookingDate = ofxDate(posted);
  if (bookingDate === undefined) errors.push(malformedAt(posted?.line ?? transaction.line, posted ? `DTPOSTED "${posted.value}" is not a date` : '<STMTTRN> without DTPOSTED'));
  const amountElement = child(transaction, 'TRNAMT');
  const amount = ofxAmount(amountElement);
  if (amount === undefined) errors.push(malformedAt(amountElement?.line ?? transaction.line, amountElement ? `TRNAMT "${amountElement.value}" is not an amount` : '<STMTTRN> without TRNAMT'));
  const first = errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))[0];
  if (first) throw first;

  const payee = child(transaction, 'PAYEE');
  const name = childValue(transaction, 'NAME') ?? (payee ? childValue(payee, 'NAME') : undefined);
  const memo = childValue(transaction, 'MEMO');
  // TRNAMT is in the statement's currency (CURDEF); a CURRENCY aggregate only says what was paid abroad.
  const foreign = child(transaction, 'CURRENCY') ?? child(transaction, 'ORIGCURRENCY');
  const foreignCurrency = foreign ? childValue(foreign, 'CURSYM') : undefined;
  const checkNumber = childValue(transaction, 'CHECKNUM');
  const notes = [checkNumber ? `Check ${checkNumber}` : undefined, foreignCurrency ? `Paid in ${foreignCurrency} (rate ${childValue(foreign!, 'CURRATE') ?? 'unknown'})` : undefined].filter(Boolean);
  return {
    line: transaction.line,
    externalId: childValue(transaction, 'FITID') ?? null,
    bookingDate: bookingDate ?? '',
    valueDate: ofxDate(child(transaction, 'DTAVAIL')) ?? null,
    amount: amount ?? '0',
    currency: defaultCurrency ?? null,
    counterparty: name ?? null,
    description: memo ?? name ?? childValue(transaction, 'TRNTYPE') ?? '',
    notes: notes.length === 0 ? null : notes.join('; '),
    status: 'booked',
  };
}

function readAccount(statement: OfxElement): StatementAccount {
  const from = child(statement, 'BANKACCTFROM') ?? child(statement, 'CCACCTFROM');
  const ledger = child(statement, 'LEDGERBAL');
  const balance = ledger ? ofxAmount(child(ledger, 'BALAMT')) : undefined;
  const accountNumber = from ? childValue(from, 'ACCTID') : undefined;
  const bankId = from ? childValue(from, 'BANKID') : undefined;
  const currency = childValue(statement, 'CURDEF');
  return {
    ...(accountNumber === undefined ? {} : { accountNumber }),
    ...(accountNumber !== undefined && /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(accountNumber) ? { iban: accountNumber } : {}),
    ...(bankId === undefined ? {} : { bankId }),
    ...(currency === undefined ? {} : { currency }),
    ...(balance === undefined ? {} : { balance: { amount: balance, date: ofxDate(ledger ? child(ledger, 'DTASOF') : undefined) ?? null } }),
  };
}

/** Bank (STMTRS) and card (CCSTMTRS) statements of an OFX or QFX file, SGML or XML. */
export function parseOfx(text: string): { rows: StatementRow[]; account: StatementAccount; variant: 'sgml' | 'xml' } {
  const { root, variant } = readOfxTree(text);
  const statements = [...descendants(root, 'STMTRS'), ...descendants(root, 'CCSTMTRS')].sort((a, b) => a.line - b.line);
  const [firstStatement] = statements;
  if (!firstStatement) throw malformedAt(root.line, 'no bank or credit card statement (STMTRS/CCSTMTRS) in the file');
  const rows = statements.flatMap((statement) => {
    const currency = childValue(statement, 'CURDEF');
    return descendants(statement, 'STMTTRN').map((transaction) => readTransaction(transaction, currency));
  });
  return { rows, account: readAccount(firstStatement), variant };
}
