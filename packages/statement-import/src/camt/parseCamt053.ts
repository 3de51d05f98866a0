import { parseLocalizedDecimal } from '@ai-service/money';
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { lineLocator } from '../decode.ts';
import { malformedAt } from '../errors.ts';
import type { StatementAccount, StatementRow } from '../types.ts';

type XmlNode = { [name: string]: XmlValue };
type XmlValue = string | XmlNode | XmlValue[];

const REPEATED = new Set(['Stmt', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Bal', 'Strd']);
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  captureMetaData: true,
  isArray: (name) => REPEATED.has(name),
});

function node(value: XmlValue | undefined): XmlNode | undefined {
  if (Array.isArray(value)) return node(value[0]);
  return value !== undefined && typeof value === 'object' ? value : undefined;
}

function list(value: XmlValue | undefined): XmlNode[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((item) => (typeof item === 'object' && !Array.isArray(item) ? [item] : []));
}

/** Text of a path of child elements; elements with attributes keep their text in `#text`. */
function textAt(from: XmlNode | undefined, ...path: string[]): string | undefined {
  let current: XmlValue | undefined = from;
  for (const name of path) {
    const parent = node(current);
    current = parent?.[name];
    if (Array.isArray(current)) current = current[0];
  }
  if (typeof current === 'string') return current.trim() === '' ? undefined : current.trim();
  const inner = node(current)?.['#text'];
  return typeof inner === 'string' && inner.trim() !== '' ? inner.trim() : undefined;
}

/** `<Dt>2024-01-05</Dt>` or `<DtTm>2024-01-05T10:00:00+01:00</DtTm>`, the day as the bank wrote it. */
function isoDay(from: XmlNode | undefined): string | undefined {
  const value = textAt(from, 'Dt') ?? textAt(from, 'DtTm');
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  if (!match) return undefined;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match[0] ? undefined : match[0];
}

/** The other party's name: the creditor of a debit, the debtor of a credit (v08+ nests it in `Pty`). */
function counterpartyName(parties: XmlNode | undefined, debit: boolean): string | undefined {
  const roles = debit ? ['Cdtr', 'UltmtCdtr'] : ['Dbtr', 'UltmtDbtr'];
  for (const role of roles) {
    const name = textAt(parties, role, 'Nm') ?? textAt(parties, role, 'Pty', 'Nm');
    if (name) return name;
  }
  return undefined;
}

function readEntry(entry: XmlNode, line: number, accountCurrency: string | undefined): StatementRow | undefined {
  const status = textAt(entry, 'Sts') ?? textAt(entry, 'Sts', 'Cd');
  // INFO entries announce movements that are neither booked nor pending: nothing moved yet.
  if (status === 'INFO') return undefined;
  if (status !== 'BOOK' && status !== 'PDNG') throw malformedAt(line, `entry status ${JSON.stringify(status ?? '')} is not BOOK, PDNG or INFO`);
  const indicator = textAt(entry, 'CdtDbtInd');
  if (indicator !== 'CRDT' && indicator !== 'DBIT') throw malformedAt(line, `CdtDbtInd ${JSON.stringify(indicator ?? '')} is not CRDT or DBIT`);
  const amountText = textAt(entry, 'Amt');
  const magnitude = amountText === undefined ? undefined : parseLocalizedDecimal(amountText, '.');
  if (magnitude === undefined || magnitude.startsWith('-')) throw malformedAt(line, `entry amount ${JSON.stringify(amountText ?? '')} is not a positive amount`);
  const bookingDate = isoDay(node(entry.BookgDt)) ?? isoDay(node(entry.ValDt));
  if (bookingDate === undefined) throw malformedAt(line, 'entry without a valid BookgDt or ValDt');

  const details = list(node(entry.NtryDtls)?.TxDtls);
  const first = details[0];
  const debit = indicator === 'DBIT';
  const currency = node(entry.Amt)?.['@Ccy'];
  const referenceText = (value: string | undefined) => (value === undefined || value === 'NOTPROVIDED' ? undefined : value);
  const externalId =
    textAt(entry, 'AcctSvcrRef') ??
    textAt(entry, 'NtryRef') ??
    textAt(first, 'Refs', 'AcctSvcrRef') ??
    textAt(first, 'Refs', 'TxId') ??
    referenceText(textAt(first, 'Refs', 'EndToEndId')) ??
    textAt(first, 'Refs', 'UETR');
  const unstructured = details.flatMap(ustrd);
  const additional = textAt(entry, 'AddtlNtryInf');
  const description = unstructured.join(' ') || textAt(first, 'RmtInf', 'Strd', 'CdtrRefInf', 'Ref') || textAt(first, 'AddtlTxInf') || additional || '';
  return {
    line,
    externalId: externalId ?? null,
    bookingDate,
    valueDate: isoDay(node(entry.ValDt)) ?? null,
    amount: debit ? `-${magnitude}`.replace(/^-0$/, '0') : magnitude,
    currency: typeof currency === 'string' ? currency : (accountCurrency ?? null),
    counterparty: counterpartyName(node(first?.RltdPties), debit) ?? null,
    description,
    notes: additional !== undefined && additional !== description ? additional : null,
    status: status === 'BOOK' ? 'booked' : 'pending',
  };
}

function ustrd(detail: XmlNode): string[] {
  const remittance = node(detail.RmtInf);
  const values = remittance?.Ustrd;
  return (Array.isArray(values) ? values : values === undefined ? [] : [values]).flatMap((value) => (typeof value === 'string' && value.trim() !== '' ? [value.trim()] : []));
}

/** ISO 20022 bank-to-customer statements (camt.053.001.02 to .13): one row per `Ntry`. */
export function parseCamt053(text: string): { rows: StatementRow[]; account: StatementAccount } {
  try {
    SyntaxValidator.validate(text);
  } catch (error) {
    const line = (error as { line?: unknown }).line;
    if (typeof line !== 'number') throw error;
    throw malformedAt(line, (error as Error).message);
  }
  const lineAt = lineLocator(text);
  const document = node((parser.parse(text) as XmlNode).Document);
  const statements = list(node(document?.BkToCstmrStmt)?.Stmt);
  if (!document || statements.length === 0) throw malformedAt(1, 'not a camt.053 document (Document/BkToCstmrStmt/Stmt)');
  const [firstStatement] = statements;
  const account = node(firstStatement?.Acct);
  const iban = textAt(account, 'Id', 'IBAN');
  const accountNumber = textAt(account, 'Id', 'Othr', 'Id');
  const currency = textAt(account, 'Ccy');
  const closing = list(firstStatement?.Bal).find((balance) => textAt(balance, 'Tp', 'CdOrPrtry', 'Cd') === 'CLBD');
  const closingAmount = closing ? parseLocalizedDecimal(textAt(closing, 'Amt') ?? '', '.') : undefined;

  const rows = statements.flatMap((statement) => {
    const statementCurrency = textAt(statement, 'Acct', 'Ccy');
    return list(statement.Ntry).flatMap((entry) => {
      const meta = (entry as unknown as Record<symbol, { startIndex?: number } | undefined>)[META];
      const row = readEntry(entry, lineAt(meta?.startIndex ?? 0), statementCurrency);
      return row ? [row] : [];
    });
  });
  const closingDebit = closing ? textAt(closing, 'CdtDbtInd') === 'DBIT' : false;
  return {
    rows,
    account: {
      ...(iban === undefined ? {} : { iban }),
      ...(accountNumber === undefined ? {} : { accountNumber }),
      ...(currency === undefined ? {} : { currency }),
      ...(closingAmount === undefined ? {} : { balance: { amount: closingDebit ? `-${closingAmount}` : closingAmount, date: isoDay(node(closing?.Dt)) ?? null } }),
    },
  };
}
