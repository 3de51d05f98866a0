import type { Transaction } from '@ai-service/db';
import type { FinancialContext } from '../../context.ts';
import { loadCounterpartyHistory, type HistoryEntry, type HistorySubject } from '../../repositories/categoryHistory.ts';

/**
 * Counterparty memory: a category used by at least HISTORY_QUORUM of the HISTORY_WINDOW latest
 * categorized transactions of the same counterparty is taken. 3 of 5 is a clear majority that one
 * odd booking (a gift bought at the supermarket) does not flip, and that follows a change of habit
 * after three bookings.
 */
export const HISTORY_WINDOW = 5;
export const HISTORY_QUORUM = 3;

/**
 * The category each transaction's history votes for, if any: among the `window` latest other
 * categorized transactions of its counterparty (the same linked counterparty, or the same written
 * name), one category used at least `quorum` times. Pure: `history` holds, per counterparty and
 * per name, the window + 1 latest (so that each transaction can leave itself out).
 */
export function historyWinners(
  subjects: readonly HistorySubject[],
  history: { byCounterpartyId: ReadonlyMap<string, readonly HistoryEntry[]>; byName: ReadonlyMap<string, readonly HistoryEntry[]> },
  window: number,
  quorum: number,
): Map<string, string> {
  const winners = new Map<string, string>();
  for (const subject of subjects) {
    const candidates = new Map<string, HistoryEntry>();
    const lists = [subject.counterpartyId === null ? [] : history.byCounterpartyId.get(subject.counterpartyId), subject.counterpartyKey === null ? [] : history.byName.get(subject.counterpartyKey)];
    for (const entry of lists.flatMap((list) => list ?? [])) if (entry.id !== subject.id) candidates.set(entry.id, entry);
    const latest = [...candidates.values()].sort((a, b) => (a.order < b.order ? 1 : a.order > b.order ? -1 : 0)).slice(0, window);
    const votes = new Map<string, number>();
    for (const entry of latest) votes.set(entry.categoryId, (votes.get(entry.categoryId) ?? 0) + 1);
    const [best] = [...votes].filter(([, count]) => count >= quorum).sort((a, b) => b[1] - a[1]);
    if (best) winners.set(subject.id, best[0]);
  }
  return winners;
}

/** historyWinners over the stored history, for a batch of transactions (as the caller loaded them): one statement per 200 counterparties and names. */
export async function counterpartyMemory(tx: Transaction, ctx: FinancialContext, subjects: readonly HistorySubject[]): Promise<Map<string, string>> {
  if (subjects.length === 0) return new Map();
  const history = await loadCounterpartyHistory(
    tx,
    ctx.tenantId,
    {
      counterpartyIds: [...new Set(subjects.flatMap((subject) => subject.counterpartyId ?? []))],
      names: [...new Set(subjects.flatMap((subject) => subject.counterpartyKey ?? []))],
    },
    HISTORY_WINDOW + 1,
  );
  return historyWinners(subjects, history, HISTORY_WINDOW, HISTORY_QUORUM);
}
