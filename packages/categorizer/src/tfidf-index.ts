import type { TermCounts } from './features.ts';

export type Neighbour = { document: number; similarity: number };

type Posting = { document: number; weight: number };

/**
 * TF-IDF vectors with cosine similarity over an inverted index: only documents sharing a feature
 * with the query are visited, so a request with thousands of examples stays cheap. Hand-written
 * because it is ~50 lines; `natural`'s TfIdf pulls in database drivers and offers no cosine search.
 */
export type TfIdfIndex = {
  /** The `limit` documents most similar to the query (similarity > 0) among the accepted ones; ties: earlier document first. */
  neighbours: (query: TermCounts, limit: number, accept: (document: number) => boolean) => Neighbour[];
};

/** Keeps the best `limit` neighbours in order while scanning, instead of sorting every match. */
function insertRanked(ranked: Neighbour[], candidate: Neighbour, limit: number): void {
  let at = ranked.length;
  while (at > 0 && ranked[at - 1]!.similarity < candidate.similarity) at--;
  if (at >= limit) return;
  ranked.splice(at, 0, candidate);
  if (ranked.length > limit) ranked.pop();
}

export function buildTfIdfIndex(documents: TermCounts[]): TfIdfIndex {
  const documentFrequency = new Map<string, number>();
  for (const counts of documents) for (const feature of counts.keys()) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
  // Smoothed IDF (as scikit-learn's): a feature no document has still gets the largest weight, so
  // words unseen in the examples make a query less similar to all of them.
  const idf = (feature: string) => Math.log((1 + documents.length) / (1 + (documentFrequency.get(feature) ?? 0))) + 1;

  const weigh = (counts: TermCounts): Map<string, number> => {
    const weights = new Map<string, number>();
    let squares = 0;
    for (const [feature, count] of counts) {
      const weight = count * idf(feature);
      weights.set(feature, weight);
      squares += weight * weight;
    }
    const norm = Math.sqrt(squares);
    if (norm > 0) for (const [feature, weight] of weights) weights.set(feature, weight / norm);
    return weights;
  };

  const postings = new Map<string, Posting[]>();
  documents.forEach((counts, document) => {
    for (const [feature, weight] of weigh(counts)) {
      const list = postings.get(feature);
      if (list) list.push({ document, weight });
      else postings.set(feature, [{ document, weight }]);
    }
  });

  return {
    neighbours: (query, limit, accept) => {
      const similarity = new Float64Array(documents.length);
      const touched: number[] = [];
      for (const [feature, weight] of weigh(query)) {
        for (const posting of postings.get(feature) ?? []) {
          if (similarity[posting.document] === 0) touched.push(posting.document);
          similarity[posting.document]! += weight * posting.weight;
        }
      }
      const ranked: Neighbour[] = [];
      for (const document of touched.sort((a, b) => a - b)) {
        const value = similarity[document]!;
        if (value > 0 && accept(document)) insertRanked(ranked, { document, similarity: Math.min(1, value) }, limit);
      }
      return ranked;
    },
  };
}
