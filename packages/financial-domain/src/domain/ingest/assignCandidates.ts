import type { StatusCandidate } from '../../repositories/ingest.ts';

/**
 * Pairs incoming rows with stored transactions of the other status, each stored one used at most
 * once: rows in batch order, each taking the free candidate with the most similar description,
 * then the closest date, then the smallest id (so the outcome never depends on query order).
 */
export function assignCandidates(candidates: readonly StatusCandidate[], taken: Set<string> = new Set()): Map<number, string> {
  const byIndex = new Map<number, StatusCandidate[]>();
  for (const candidate of candidates) {
    const list = byIndex.get(candidate.index);
    if (list) list.push(candidate);
    else byIndex.set(candidate.index, [candidate]);
  }
  const assigned = new Map<number, string>();
  for (const index of [...byIndex.keys()].sort((a, b) => a - b)) {
    const best = (byIndex.get(index) ?? [])
      .filter((candidate) => !taken.has(candidate.id))
      .sort((a, b) => b.similarity - a.similarity || a.days - b.days || (a.id < b.id ? -1 : 1))[0];
    if (!best) continue;
    taken.add(best.id);
    assigned.set(index, best.id);
  }
  return assigned;
}
