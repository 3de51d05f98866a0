import type { Transaction } from '@ai-service/db';
import { decimal, decimalToString } from '@ai-service/money';
import {
  findByContentHashes,
  findByExternalIds,
  loadStatusWindow,
  textSimilarities,
  type KeyMatch,
  type MatchProbe,
  type StatusCandidate,
  type WindowRow,
} from '../../repositories/ingest.ts';
import { assignCandidates } from './assignCandidates.ts';
import { normalizeText } from './contentHash.ts';
import type { CheckedRow } from './rows.ts';

/** How far apart the pending and the booked version of one movement may be dated (banks book within days). */
export const PENDING_MATCH_WINDOW_DAYS = 7;

/**
 * What becomes of each incoming row: a new transaction, nothing (it is already there), or the
 * booked version of a stored pending transaction, which it updates in place.
 */
export type RowDecision = { kind: 'insert' } | { kind: 'duplicate' } | { kind: 'book'; pendingId: string; keepStoredHash: boolean };

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function probesFor(rows: readonly CheckedRow[], indexes: readonly number[]): MatchProbe[] {
  return indexes.map((index) => ({ index, amount: rows[index]!.amount, bookingDate: rows[index]!.bookingDate }));
}

/** What the similarity of a pending and a booked version compares. */
const matchText = (row: CheckedRow) => normalizeText(`${row.description} ${row.counterparty ?? ''}`);

/**
 * Stored live transactions of `status` with a probe's amount, booked within the window of it, with
 * the similarity of their texts: read once for the dates of the whole batch, paired in memory.
 */
async function candidatesInWindow(tx: Transaction, accountId: string, status: 'pending' | 'booked', probes: MatchProbe[], rows: readonly CheckedRow[]): Promise<StatusCandidate[]> {
  if (probes.length === 0) return [];
  const dates = probes.map((probe) => probe.bookingDate).sort();
  const from = shiftDays(dates[0]!, -PENDING_MATCH_WINDOW_DAYS);
  const to = shiftDays(dates[dates.length - 1]!, PENDING_MATCH_WINDOW_DAYS);
  const stored = await loadStatusWindow(tx, accountId, status, from, to);
  if (stored.length === 0) return [];
  const canonical = (amount: string) => decimalToString(decimal(amount));
  const byAmount = new Map<string, WindowRow[]>();
  for (const row of stored) {
    const key = canonical(row.amount);
    const list = byAmount.get(key);
    if (list) list.push(row);
    else byAmount.set(key, [row]);
  }
  const pairs = probes.flatMap((probe) =>
    (byAmount.get(canonical(probe.amount)) ?? []).flatMap((row) => {
      const days = Math.abs(dayNumber(row.bookingDate) - dayNumber(probe.bookingDate));
      return days <= PENDING_MATCH_WINDOW_DAYS ? [{ index: probe.index, id: row.id, text: matchText(rows[probe.index]!), days }] : [];
    }),
  );
  const similarities = await textSimilarities(tx, pairs);
  return pairs.map((pair, position) => ({ index: pair.index, id: pair.id, similarity: similarities[position]!, days: pair.days }));
}

/**
 * Dedup in three steps, each only for the rows the previous left open:
 * 1. the external id, or else the content hash, names a stored transaction: a duplicate, unless a
 *    booked row meets its live pending version, which it then books;
 * 2. a booked row meets a live pending transaction of the same amount within the window: it books
 *    the most similar one;
 * 3. a pending row meets a booked transaction (stored, or new in this batch) of the same amount
 *    within the window: a duplicate, since its booked version is already there.
 */
export async function classifyRows(tx: Transaction, accountId: string, rows: readonly CheckedRow[], hashes: readonly string[]): Promise<RowDecision[]> {
  const externalIds = [...new Set(rows.flatMap((row) => (row.externalId === null ? [] : [row.externalId])))];
  const byExternalId = new Map((await findByExternalIds(tx, accountId, externalIds)).map((match) => [match.key, match]));
  const byHash = new Map((await findByContentHashes(tx, accountId, [...hashes])).map((match) => [match.key, match]));

  const decisions: (RowDecision | undefined)[] = [];
  const booked = new Set<string>();
  const seenExternalIds = new Set<string>();
  rows.forEach((row, index) => {
    const hash = hashes[index]!;
    if (row.externalId !== null && seenExternalIds.has(row.externalId)) return decisions.push({ kind: 'duplicate' });
    if (row.externalId !== null) seenExternalIds.add(row.externalId);
    const match: KeyMatch | undefined = (row.externalId === null ? undefined : byExternalId.get(row.externalId)) ?? byHash.get(hash);
    if (!match) return decisions.push(undefined);
    if (row.status === 'booked' && match.status === 'pending' && match.live && !booked.has(match.id)) {
      booked.add(match.id);
      // The row's hash may already belong to another stored row; then the pending one keeps its own.
      const hashOwner = byHash.get(hash);
      return decisions.push({ kind: 'book', pendingId: match.id, keepStoredHash: hashOwner !== undefined && hashOwner.id !== match.id });
    }
    return decisions.push({ kind: 'duplicate' });
  });

  const open = (status: 'booked' | 'pending') => rows.flatMap((row, index) => (decisions[index] === undefined && row.status === status ? [index] : []));

  const bookedProbes = probesFor(rows, open('booked'));
  const pendingMatches = assignCandidates(await candidatesInWindow(tx, accountId, 'pending', bookedProbes, rows), booked);
  for (const probe of bookedProbes) {
    const pendingId = pendingMatches.get(probe.index);
    decisions[probe.index] = pendingId === undefined ? { kind: 'insert' } : { kind: 'book', pendingId, keepStoredHash: false };
  }

  const pendingProbes = probesFor(rows, open('pending'));
  const storedBooked = assignCandidates(await candidatesInWindow(tx, accountId, 'booked', pendingProbes, rows));
  const newBookedByAmount = new Map<string, number[]>();
  rows.forEach((row, index) => {
    if (row.status !== 'booked' || decisions[index]?.kind !== 'insert') return;
    const list = newBookedByAmount.get(row.amount);
    if (list) list.push(index);
    else newBookedByAmount.set(row.amount, [index]);
  });
  const claimedNew = new Set<number>();
  for (const probe of pendingProbes) {
    if (storedBooked.has(probe.index)) {
      decisions[probe.index] = { kind: 'duplicate' };
      continue;
    }
    const twin = (newBookedByAmount.get(probe.amount) ?? []).find(
      (index) => !claimedNew.has(index) && Math.abs(dayNumber(rows[index]!.bookingDate) - dayNumber(probe.bookingDate)) <= PENDING_MATCH_WINDOW_DAYS,
    );
    if (twin !== undefined) claimedNew.add(twin);
    decisions[probe.index] = twin === undefined ? { kind: 'insert' } : { kind: 'duplicate' };
  }
  return decisions.map((decision) => decision ?? { kind: 'insert' });
}
