import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** What tells a file (or folder) has changed, as make and the config cache tell: its path, mtime and size. */
export type FileStamp = readonly [path: string, mtimeMs: number, size: number];

/** The stamp of `path` now; one that does not exist (or cannot be read) is [path, -1, -1], so creating it counts. */
export function stampOf(path: string): FileStamp {
  try {
    const info = statSync(path, { throwIfNoEntry: false });
    if (info) return [path, info.mtimeMs, info.size];
  } catch {
    // unreadable: the same as missing
  }
  return [path, -1, -1];
}

/** Whether every file still has the stamp recorded for it. */
export function unchanged(stamps: readonly FileStamp[]): boolean {
  for (const [path, mtimeMs, size] of stamps) {
    const now = stampOf(path);
    if (now[1] !== mtimeMs || now[2] !== size) return false;
  }
  return true;
}

/**
 * Stamps of each folder in `roots` and of everything below it, folders included (a folder's mtime moves when
 * a file is added or removed), in a stable order. A root that does not exist is stamped as missing.
 */
export function stampTree(roots: readonly string[]): FileStamp[] {
  const stamps: FileStamp[] = [];
  const walk = (dir: string): void => {
    stamps.push(stampOf(dir));
    let items;
    try {
      items = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const item of items.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, item.name);
      if (item.isDirectory()) walk(path);
      else stamps.push(stampOf(path));
    }
  };
  for (const root of roots) walk(root);
  return stamps;
}
