import { keywordCoverage, nameKeywords, textWords } from './keywords.ts';
import { termCounts, words, type TermCounts } from './features.ts';
import { allowedKinds } from './kinds.ts';
import { buildTfIdfIndex } from './tfidf-index.ts';
import type { CategorizableTransaction, Category, CategoryKind, LabelledExample, Suggestion } from './types.ts';

/**
 * Below this confidence a suggestion is withheld (categoryId null): roughly, the transaction must
 * resemble a labelled example at least this closely (cosine similarity of their TF-IDF vectors,
 * discounted when the nearest examples disagree), or the category's name must appear in its text.
 */
export const DEFAULT_MIN_CONFIDENCE = 0.4;

/** Neighbours that vote (k of k-nearest-neighbours). */
const NEIGHBOURS = 5;
/**
 * Votes grow with the 4th power of similarity, so examples that only share bank boilerplate
 * ("COMPRA TARJ.", "CARD PAYMENT") barely dilute the vote of the one that shares the merchant.
 */
const VOTE_SHARPNESS = 4;
/** Confidence of a category whose whole name appears in the text, with no example behind it. */
const KEYWORD_CONFIDENCE = 0.6;

export type CategorizerInput<Example extends LabelledExample> = { categories: Category[]; examples: Example[]; minConfidence?: number };

export type Categorizer<Example extends LabelledExample = LabelledExample> = {
  suggest: (transaction: CategorizableTransaction) => Suggestion;
  /** The labelled examples most like the transaction, of the kind its sign allows (e.g. to show an LLM). */
  nearestExamples: (transaction: CategorizableTransaction, limit: number) => Example[];
  /** Whether the category exists and its kind fits the transaction's sign. */
  accepts: (transaction: CategorizableTransaction, categoryId: string) => boolean;
};

/** An example after merging the ones that read the same (recurring payments repeat). */
type Document<Example extends LabelledExample> = { example: Example; kind: CategoryKind; counts: TermCounts; occurrences: number };

function mergeExamples<Example extends LabelledExample>(examples: Example[], categories: Map<string, Category>): Document<Example>[] {
  const documents = new Map<string, Document<Example>>();
  for (const example of examples) {
    const category = categories.get(example.categoryId);
    if (!category) continue;
    const key = [example.categoryId, words(example.counterparty ?? '').join(' '), words(example.description).join(' ')].join('\u0000');
    const known = documents.get(key);
    if (known) known.occurrences++;
    else documents.set(key, { example, kind: category.kind, counts: termCounts(example), occurrences: 1 });
  }
  return [...documents.values()];
}

/**
 * A k-nearest-neighbours classifier trained on the request's own examples, plus matching of the
 * category names for when there are few examples. Deterministic: same input, same answer.
 */
export function trainCategorizer<Example extends LabelledExample>({
  categories,
  examples,
  minConfidence = DEFAULT_MIN_CONFIDENCE,
}: CategorizerInput<Example>): Categorizer<Example> {
  const byId = new Map<string, Category>();
  for (const category of categories) if (!byId.has(category.id)) byId.set(category.id, category);
  const order = [...byId.keys()];
  const keywords = new Map(order.map((id) => [id, nameKeywords(byId.get(id)!.name)]));
  const documents = mergeExamples(examples, byId);
  const index = buildTfIdfIndex(documents.map((document) => document.counts));

  const neighboursOf = (transaction: CategorizableTransaction, limit: number) => {
    const kinds = allowedKinds(transaction.amount);
    return index.neighbours(termCounts(transaction), limit, (document) => kinds.has(documents[document]!.kind));
  };

  const suggest = (transaction: CategorizableTransaction): Suggestion => {
    const kinds = allowedKinds(transaction.amount);
    // Each neighbour votes with a power of its similarity, recurring ones a little more; a
    // category's kNN confidence is its closest example's similarity times its share of the votes.
    const votes = new Map<string, { votes: number; closest: number }>();
    let total = 0;
    for (const { document, similarity } of neighboursOf(transaction, NEIGHBOURS)) {
      const { example, occurrences } = documents[document]!;
      const vote = similarity ** VOTE_SHARPNESS * (1 + Math.log(occurrences));
      const tally = votes.get(example.categoryId) ?? { votes: 0, closest: 0 };
      votes.set(example.categoryId, { votes: tally.votes + vote, closest: Math.max(tally.closest, similarity) });
      total += vote;
    }

    const text = textWords(transaction);
    let best: Suggestion = { categoryId: null, confidence: 0 };
    for (const id of order) {
      if (!kinds.has(byId.get(id)!.kind)) continue;
      const tally = votes.get(id);
      const nearest = tally ? tally.closest * (tally.votes / total) : 0;
      const named = KEYWORD_CONFIDENCE * keywordCoverage(keywords.get(id)!, text);
      // Two independent pieces of evidence for the same category reinforce each other.
      const confidence = 1 - (1 - nearest) * (1 - named);
      if (confidence > best.confidence) best = { categoryId: id, confidence };
    }
    // The threshold applies to the confidence shown, so "null" always reads as "under the threshold".
    const confidence = Math.round(best.confidence * 1000) / 1000;
    return { categoryId: confidence >= minConfidence ? best.categoryId : null, confidence };
  };

  return {
    suggest,
    nearestExamples: (transaction, limit) => neighboursOf(transaction, limit).map(({ document }) => documents[document]!.example),
    accepts: (transaction, categoryId) => {
      const category = byId.get(categoryId);
      return category !== undefined && allowedKinds(transaction.amount).has(category.kind);
    },
  };
}
