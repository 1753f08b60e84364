import { join } from "node:path";
import type { Blog } from "../blog";
import { packageInfo } from "../package-root";
import { quickHash } from "../quick-hash";
import { claimSweep, INDEX_FILE, openIndexFile, readSweptAt, SWEEP_FILE, writeIndexFile, writeSweptAt } from "./index-file";
import { watchFolder, watchIndex } from "./watcher";

export interface OpenIndexOptions {
  /** Keep the index current from file events (long-running transports). */
  readonly watch: boolean;
  /** Folder of the on-disk index; none means always walk. */
  readonly cacheDir?: string | undefined;
  /**
   * A cached index whose last full check is older than this is checked file by file (one stat per entry).
   * Younger, only folders are checked: that catches added, removed and renamed entries, not in-place edits.
   */
  readonly sweepAfterMs?: number;
  /**
   * Build records from the cached index only as requests read them, for a process that answers one request
   * and shows a few entries (CGI). Others read every record anyway and build them all at once.
   */
  readonly lazy?: boolean;
}

/**
 * Loads the entry index: from the on-disk cache when its key matches, brought up to date cheaply, else by
 * walking datadir. Writes the cache back when anything changed.
 */
export async function openIndex(blog: Blog, options: OpenIndexOptions): Promise<void> {
  const index = blog.entries;
  const key = indexKey(blog);
  const cacheFile = options.cacheDir ? join(options.cacheDir, INDEX_FILE) : undefined;
  const sweepFile = options.cacheDir ? join(options.cacheDir, SWEEP_FILE) : undefined;
  const stored = cacheFile ? openIndexFile(cacheFile, key) : undefined;
  const now = Date.now();
  let sweptAt = now;
  let dirty = true;
  blog.onClose(() => index.close());
  if (stored) {
    index.restoreStored(stored);
    if (!options.lazy) index.materialize();
    const previousSweep = sweepFile ? readSweptAt(sweepFile, stored.state) : 0;
    const due = options.watch || now - previousSweep > (options.sweepAfterMs ?? 60_000);
    const sweep = due && (options.watch || takeSweep(blog, sweepFile));
    const change = await index.revalidate(sweep);
    sweptAt = sweep ? now : previousSweep;
    dirty = change.added.length + change.changed.length + change.removed.length > 0;
    // A sweep that found nothing new only moves its time forward.
    if (!dirty && sweep && sweepFile) writeSweptAt(sweepFile, index.state, sweptAt);
  } else {
    await index.rebuild();
  }
  if (options.cacheDir && !options.watch) {
    // Without a long-lived process (CGI, a render), formatted bodies are worth keeping on disk too.
    blog.bodies.persistTo(join(options.cacheDir, "bodies"), bodyKey(blog));
    blog.derived.persistTo(join(options.cacheDir, "derived.json"), derivedKey(blog));
  }
  const save = (): void => {
    if (!cacheFile || !sweepFile) return;
    if (writeIndexFile(cacheFile, key, index.snapshot())) writeSweptAt(sweepFile, index.state, sweptAt);
  };
  if (dirty) save();

  if (options.watch) {
    const watcher = await watchIndex(index, blog.log.child("watch"));
    const flavourWatcher = await watchFolder(blog.config.flavourdir, () => blog.flavours.invalidate());
    let timer: NodeJS.Timeout | undefined;
    const unsubscribe = index.onChange(() => {
      sweptAt = Date.now();
      timer ??= setTimeout(() => {
        timer = undefined;
        save();
      }, 1000);
      timer.unref();
    });
    blog.onClose(async () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      await watcher.close();
      await flavourWatcher.close();
      save();
    });
  }
}

/**
 * Whether this process does a sweep that fell due: under concurrent CGI requests one of them does, and the
 * others check folders only. The claim is held until the request ends, failed or not.
 */
function takeSweep(blog: Blog, sweepFile: string | undefined): boolean {
  if (!sweepFile) return true;
  const release = claimSweep(`${sweepFile}.lock`);
  if (release) blog.onClose(release);
  return release !== undefined;
}

/** Everything besides the entry file that decides its formatted body: config and plugin options, the formatters. */
function bodyKey(blog: Blog): string {
  const { hooks } = blog;
  return JSON.stringify([
    packageInfo().version,
    blog.config,
    hooks.entryparser.taps.map((t) => t.name),
    hooks.preformat.taps.map((t) => t.name),
    hooks.postformat.taps.map((t) => t.name),
  ]);
}

/** Everything besides the entries that decides what plugins derive from them: config, plugin options, plugins. */
function derivedKey(blog: Blog): string {
  return quickHash(JSON.stringify([packageInfo().version, blog.config, blog.plugins]));
}

/** Everything besides the files that decides what a record holds. */
function indexKey(blog: Blog): string {
  const { config, hooks } = blog;
  return JSON.stringify([
    packageInfo().version,
    config.datadir,
    config.timezone,
    [...config.ignore_directories].sort(),
    hooks.entryparser.taps.map((t) => t.name),
    hooks.filestat.taps.map((t) => t.name),
    [...blog.entries.extensions].sort(),
  ]);
}
