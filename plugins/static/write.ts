import { mkdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { threadId } from "node:worker_threads";

/**
 * Writes a file atomically: a temporary file beside it, then a rename, so a server never sends half a page
 * and an interrupted render leaves the old page in place.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const temp = `${file}.${process.pid}-${threadId}.tmp`;
  const folder = dirname(file);
  ensureFolder(folder);
  try {
    try {
      writeFileSync(temp, data);
    } catch (error) {
      // Another thread may have removed the folder since (the last page in it became a 404): make it again.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      knownFolders.delete(folder);
      ensureFolder(folder);
      writeFileSync(temp, data);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Folders this thread made or found; a render writes thousands of files into a few hundred folders. */
const knownFolders = new Set<string>();

function ensureFolder(dir: string): void {
  if (knownFolders.has(dir)) return;
  mkdirSync(dir, { recursive: true });
  knownFolders.add(dir);
}

/** Whether `file` already holds exactly `data` (a missing file does not). */
export function hasSameBytes(file: string, data: Uint8Array): boolean {
  // A page that grew or shrank (most edits) need not be read: a year's archive is megabytes.
  if (statSync(file, { throwIfNoEntry: false })?.size !== data.length) return false;
  let existing: Buffer;
  try {
    existing = readFileSync(file);
  } catch {
    return false;
  }
  return existing.length === data.length && existing.equals(data);
}

/** Removes a file, then each parent folder it leaves empty, up to (not including) `root`. */
export function removeFileAndEmptyParents(root: string, file: string): boolean {
  let removed = false;
  try {
    rmSync(file);
    removed = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  for (let dir = dirname(file); dir.length > root.length && dir.startsWith(root); dir = dirname(dir)) {
    try {
      rmdirSync(dir);
      knownFolders.delete(dir);
    } catch {
      break; // not empty (or already gone): stop climbing
    }
  }
  return removed;
}
