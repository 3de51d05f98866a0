import type { CategoryTreeRow } from '../../repositories/categories.ts';

export type CategoryView = Omit<CategoryTreeRow, 'tenantId'>;

export const toCategoryView = ({ tenantId: _tenantId, ...view }: CategoryTreeRow): CategoryView => view;
