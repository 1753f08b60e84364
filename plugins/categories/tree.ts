import type { EntryRecord } from "../../core";

/** One category folder and how many visible entries it holds, its subcategories included. */
export interface CategoryNode {
  /** The folder's own name, the last segment of `path`. */
  readonly name: string;
  /** The category path, "tech/javascript". */
  readonly path: string;
  /** 0 for a top-level category. */
  readonly depth: number;
  count: number;
  readonly children: CategoryNode[];
}

const parentOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf("/")));

/**
 * The category tree: every folder (so a category whose entries are all in subfolders still appears) plus the
 * categories of the records, each counting its own entries and its subcategories'. Children are sorted by name;
 * with `keepEmpty` false, categories with no visible entry are left out.
 */
export function buildCategoryTree(
  folders: readonly string[],
  records: readonly EntryRecord[],
  compare: (a: string, b: string) => number,
  keepEmpty: boolean,
): CategoryNode[] {
  const root: CategoryNode = { name: "", path: "", depth: -1, count: 0, children: [] };
  const nodes = new Map<string, CategoryNode>([["", root]]);
  const ensure = (path: string): CategoryNode => {
    let node = nodes.get(path);
    if (!node) {
      const parent = ensure(parentOf(path));
      node = { name: path.slice(path.lastIndexOf("/") + 1), path, depth: parent.depth + 1, count: 0, children: [] };
      parent.children.push(node);
      nodes.set(path, node);
    }
    return node;
  };
  for (const folder of folders) if (folder) ensure(folder);
  for (const record of records) {
    for (let path = record.category; path; path = parentOf(path)) ensure(path).count++;
  }
  const tidy = (list: CategoryNode[]): CategoryNode[] => {
    const kept = keepEmpty ? list : list.filter((node) => node.count > 0);
    kept.sort((a, b) => compare(a.name, b.name));
    for (const node of kept) node.children.splice(0, node.children.length, ...tidy(node.children));
    return kept;
  };
  return tidy(root.children);
}

/** The tree in reading order (each category followed by its subcategories). */
export function flattenTree(nodes: readonly CategoryNode[]): CategoryNode[] {
  return nodes.flatMap((node) => [node, ...flattenTree(node.children)]);
}
