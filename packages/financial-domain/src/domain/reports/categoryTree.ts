import type { CategoryNode } from '../../repositories/reportData.ts';

export type CategoryTree = {
  byId: Map<string, CategoryNode>;
  /** The category and its ancestors, nearest first. */
  lineage: (categoryId: string) => CategoryNode[];
  children: (parentId: string | null) => CategoryNode[];
};

export function categoryTree(nodes: readonly CategoryNode[]): CategoryTree {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const lineage = (categoryId: string): CategoryNode[] => {
    const chain: CategoryNode[] = [];
    // The domain refuses cycles; the length bound only keeps a corrupt tree from looping.
    for (let node = byId.get(categoryId); node && chain.length <= nodes.length; node = node.parentId ? byId.get(node.parentId) : undefined) chain.push(node);
    return chain;
  };
  const children = (parentId: string | null) => nodes.filter((node) => node.parentId === parentId).sort((a, b) => a.name.localeCompare(b.name));
  return { byId, lineage, children };
}
