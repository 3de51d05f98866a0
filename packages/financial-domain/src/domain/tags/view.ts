import type { TagRow } from '../../repositories/tags.ts';

export type TagView = { id: string; name: string; createdAt: Date; updatedAt: Date };

export const toTagView = (row: TagRow): TagView => ({ id: row.id, name: row.name, createdAt: row.createdAt, updatedAt: row.updatedAt });
