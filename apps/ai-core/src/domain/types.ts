import type { AiCoreComponents } from '@ai-service/contracts';

type Schemas = AiCoreComponents['schemas'];
export type CategorizeRequest = Schemas['CategorizeRequest'];
export type CategorizeTransaction = Schemas['CategorizeTransaction'];
export type CategorizeResult = Schemas['CategorizeResult'];
export type CategorizeResponse = Schemas['CategorizeResponse'];
export type CategoryOption = Schemas['CategoryOption'];
export type CategorizedExample = Schemas['CategorizedExample'];
