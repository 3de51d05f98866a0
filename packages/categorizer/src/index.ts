export { allowedKinds } from './kinds.ts';
export { DEFAULT_MIN_CONFIDENCE, trainCategorizer, type Categorizer, type CategorizerInput } from './train-categorizer.ts';
export type { CategorizableTransaction, Category, CategoryKind, LabelledExample, Suggestion, TransactionText } from './types.ts';
