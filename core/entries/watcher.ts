import { relative, sep } from "node:path";
import type { Logger } from "../logger";
import type { EntryIndex } from "./entry-index";
import { isEntryFile, isSkippedFolder } from "./walk";

export interface IndexWatcher {
  close(): Promise<void>;
}

/**
 * Keeps the index current from file events (chokidar: inotify on Linux, with atomic-save and rename handling).
 * Events are batched for `debounceMs`, so an editor's write-rename-chmod burst is one change.
 */
export async function watchIndex(index: EntryIndex, log: Logger, debounceMs = 50): Promise<IndexWatcher> {
  const { watch } = require("chokidar") as typeof import("chokidar");
  const toRel = (abs: string): string => relative(index.datadir, abs).split(sep).join("/");
  const pendingFiles = new Set<string>();
  const pendingFolders = new Map<string, "add" | "remove">();
  let timer: NodeJS.Timeout | undefined;

  const flush = async (): Promise<void> => {
    timer = undefined;
    const folders = [...pendingFolders];
    const files = [...pendingFiles];
    pendingFolders.clear();
    pendingFiles.clear();
    const added: string[] = [];
    const changed: string[] = [];
    const removed: string[] = [];
    for (const [folder, what] of folders) {
      if (what === "remove") removed.push(...index.removeFolder(folder));
      else index.addFolder(folder, Date.now());
    }
    for (const file of files) {
      const what = await index.refreshFile(file);
      if (what === "added") added.push(file);
      else if (what === "changed") changed.push(file);
      else if (what === "removed") removed.push(file);
    }
    if (added.length + changed.length + removed.length) {
      log.debug(`index: +${added.length} ~${changed.length} -${removed.length}`);
    }
    index.emit({ added, changed, removed });
  };
  const schedule = (): void => {
    timer ??= setTimeout(() => void flush().catch((e: unknown) => log.error(`index update failed: ${String(e)}`)), debounceMs);
  };

  const watcher = watch(index.datadir, {
    ignoreInitial: true,
    followSymlinks: false,
    ignored: (path: string, stats?: { isDirectory(): boolean }) => {
      const rel = toRel(path);
      if (!rel) return false;
      const segments = rel.split("/");
      const name = segments.at(-1)!;
      if (segments.slice(0, -1).some((s) => isSkippedFolder(s, index.walk))) return true;
      if (stats?.isDirectory()) return isSkippedFolder(name, index.walk);
      return stats ? !isEntryFile(name, index.walk) : false;
    },
  });
  watcher.on("all", (event, path) => {
    const rel = toRel(path);
    if (event === "addDir") pendingFolders.set(rel, "add");
    else if (event === "unlinkDir") pendingFolders.set(rel, "remove");
    else if (isEntryFile(rel.split("/").at(-1)!, index.walk)) pendingFiles.add(rel);
    schedule();
  });
  watcher.on("error", (error) => log.warn(`watching ${index.datadir}: ${String(error)}`));
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return {
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}

/** Calls `onChange` (batched) whenever anything under `dir` changes; for template folders. */
export async function watchFolder(dir: string, onChange: () => void, debounceMs = 50): Promise<IndexWatcher> {
  const { watch } = require("chokidar") as typeof import("chokidar");
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dir, { ignoreInitial: true }).on("all", () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      onChange();
    }, debounceMs);
  });
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return {
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
