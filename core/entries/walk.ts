import { promises as fsp } from "node:fs";
import { join } from "node:path";

/** What a walk of datadir finds: entry files and every folder with its modification time. */
export interface WalkResult {
  /** Entry files, "/"-separated paths under datadir ("cat/post.txt"). */
  readonly files: string[];
  /** Folder path under datadir ("" is datadir itself) → mtime in ms. */
  readonly folders: Map<string, number>;
}

export interface WalkOptions {
  readonly extensions: ReadonlySet<string>;
  /** Folder names to skip anywhere (exact names, not suffixes: "drafts" does not skip "olddrafts"). */
  readonly ignore: ReadonlySet<string>;
}

/** Whether a folder is never walked: dot-folders (.git, .drafts) and configured ignores. */
export function isSkippedFolder(name: string, options: WalkOptions): boolean {
  return name.startsWith(".") || options.ignore.has(name);
}

/** Whether a file is an entry: a registered extension, and not a dot-file (editor temp files, .DS_Store). */
export function isEntryFile(name: string, options: WalkOptions): boolean {
  if (name.startsWith(".")) return false;
  const dot = name.lastIndexOf(".");
  return dot > 0 && options.extensions.has(name.slice(dot + 1));
}

/** Walks datadir. Symlinked files are entries; symlinked folders are not followed (no loops). */
export async function walkDatadir(datadir: string, options: WalkOptions): Promise<WalkResult> {
  const files: string[] = [];
  const folders = new Map<string, number>();
  const visit = async (rel: string): Promise<void> => {
    const abs = rel ? join(datadir, rel) : datadir;
    const [info, items] = await Promise.all([fsp.stat(abs), fsp.readdir(abs, { withFileTypes: true })]);
    folders.set(rel, info.mtimeMs);
    const children: Promise<void>[] = [];
    for (const item of items) {
      const path = rel ? `${rel}/${item.name}` : item.name;
      if (item.isDirectory()) {
        if (!isSkippedFolder(item.name, options)) children.push(visit(path));
      } else if ((item.isFile() || item.isSymbolicLink()) && isEntryFile(item.name, options)) {
        files.push(path);
      }
    }
    await Promise.all(children);
  };
  await visit("");
  return { files: files.sort(), folders };
}

/** The entry files directly in one folder (used to refresh a folder whose mtime changed). */
export async function listFolder(datadir: string, rel: string, options: WalkOptions): Promise<{ files: string[]; subfolders: string[] }> {
  const items = await fsp.readdir(rel ? join(datadir, rel) : datadir, { withFileTypes: true });
  const files: string[] = [];
  const subfolders: string[] = [];
  for (const item of items) {
    const path = rel ? `${rel}/${item.name}` : item.name;
    if (item.isDirectory()) {
      if (!isSkippedFolder(item.name, options)) subfolders.push(path);
    } else if ((item.isFile() || item.isSymbolicLink()) && isEntryFile(item.name, options)) files.push(path);
  }
  return { files, subfolders };
}
