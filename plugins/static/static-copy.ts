import { copyFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { threadId } from "node:worker_threads";
import { removeFileAndEmptyParents } from "./write";

/** A file copied from static_dir: [path under <out>/static/, mtime, size]. */
export type StaticFileTuple = readonly [string, number, number];

export interface StaticCopyResult {
  readonly files: StaticFileTuple[];
  readonly copied: number;
  readonly unchanged: number;
  readonly deleted: number;
  readonly failures: string[];
}

/** The folder under the output folder that mirrors static_dir (the dynamic blog serves it at <mount>/static/). */
export const STATIC_FOLDER = "static";

/**
 * Mirrors static_dir into <out>/static/: copies new and changed files (keeping their mtime, so a server's
 * Last-Modified is the one the dynamic blog sends), and removes files the last render copied that are gone.
 * Dot-files are skipped, as the dynamic blog never serves them.
 */
export function copyStaticDir(staticDir: string, outDir: string, previous: readonly StaticFileTuple[], incremental: boolean): StaticCopyResult {
  const before = new Map(previous.map((t) => [t[0], t]));
  const files: StaticFileTuple[] = [];
  const failures: string[] = [];
  let copied = 0;
  let unchanged = 0;
  const walk = (rel: string): void => {
    let items;
    try {
      items = readdirSync(rel ? join(staticDir, rel) : staticDir);
    } catch {
      return; // no static_dir: nothing to copy
    }
    for (const name of items.sort()) {
      if (name.startsWith(".")) continue;
      const path = rel ? `${rel}/${name}` : name;
      const source = join(staticDir, path);
      const info = statSync(source, { throwIfNoEntry: false });
      if (!info) continue;
      if (info.isDirectory()) {
        walk(path);
        continue;
      }
      if (!info.isFile()) continue;
      const tuple: StaticFileTuple = [path, info.mtimeMs, info.size];
      files.push(tuple);
      const target = join(outDir, STATIC_FOLDER, path);
      const old = before.get(path);
      const same = incremental && old && old[1] === info.mtimeMs && old[2] === info.size && statSync(target, { throwIfNoEntry: false })?.size === info.size;
      if (same) {
        unchanged++;
        continue;
      }
      const temp = `${target}.${process.pid}-${threadId}.tmp`;
      try {
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(source, temp);
        utimesSync(temp, info.atimeMs / 1000, info.mtimeMs / 1000);
        renameSync(temp, target);
        copied++;
      } catch (error) {
        rmSync(temp, { force: true });
        failures.push(`${source}: cannot copy to ${target}: ${(error as Error).message}`);
      }
    }
  };
  walk("");
  const present = new Set(files.map((t) => t[0]));
  let deleted = 0;
  for (const [path] of previous) {
    if (present.has(path)) continue;
    const target = join(outDir, STATIC_FOLDER, path);
    try {
      if (removeFileAndEmptyParents(outDir, target)) deleted++;
    } catch (error) {
      failures.push(`cannot remove ${target}: ${(error as Error).message}`);
    }
  }
  return { files, copied, unchanged, deleted, failures };
}
