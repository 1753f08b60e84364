import { statSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { BlossomError } from "../errors";
import type { Logger } from "../logger";
import type { EntryParsers, EntryRecord, FileStat } from "./entry";
import { listFolder, walkDatadir, type WalkOptions } from "./walk";

export interface EntryIndexOptions {
  readonly datadir: string;
  readonly ignoreDirectories: readonly string[];
  /** The parsers the `entryparser` hook produces, by extension; asked once, after every plugin has tapped. */
  readonly parsers: () => EntryParsers;
  /** Runs the `filestat` waterfall for one file. */
  readonly filestat: (stat: FileStat) => FileStat;
  readonly log: Logger;
}

/** What changed in the index; listeners (static renderer, caches) get one per batch of file events. */
export interface IndexChange {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

/** The index as plain data, for the on-disk cache. */
export interface IndexSnapshot {
  readonly folders: ReadonlyArray<readonly [string, number]>;
  readonly records: readonly EntryRecord[];
  /** The index's `state` when the snapshot was taken. */
  readonly state: string;
}

/** Whether a record is shown to readers at `now`. */
export function isVisible(record: EntryRecord, now: number, options: { drafts?: boolean; future?: boolean } = {}): boolean {
  return (options.drafts || !record.draft) && (options.future || record.date <= now);
}

/**
 * Every entry of the blog, by id, with what listings need (title, metadata, date) but not the formatted body.
 * Long-running transports build it once and keep it current from file events; no request walks the tree.
 */
export class EntryIndex {
  /** By id; after a restore it is built on first use (a CGI front page never needs it). */
  private recordsById: Map<string, EntryRecord> | undefined = new Map();
  private restored: readonly EntryRecord[] = [];
  private readonly folders = new Map<string, number>();
  private sorted: EntryRecord[] | undefined;
  private readonly visibleCache = new Map<string, readonly EntryRecord[]>();
  private readonly listeners = new Set<(change: IndexChange) => void>();
  private walkOptionsCache: WalkOptions | undefined;
  private parsersCache: EntryParsers | undefined;
  /**
   * Names the index's content: it changes with every change, and two processes that restored the same cached
   * index share it, so data derived from the entries can be cached across processes (see DerivedData).
   */
  state = newState();

  constructor(private readonly options: EntryIndexOptions) {}

  private get records(): Map<string, EntryRecord> {
    if (!this.recordsById) {
      this.recordsById = new Map();
      for (const record of this.restored) this.recordsById.set(record.id, record);
      this.restored = [];
    }
    return this.recordsById;
  }

  private get parsers(): EntryParsers {
    return (this.parsersCache ??= this.options.parsers());
  }

  private get walkOptions(): WalkOptions {
    return (this.walkOptionsCache ??= {
      extensions: new Set(Object.keys(this.parsers)),
      ignore: new Set(this.options.ignoreDirectories),
    });
  }

  get datadir(): string {
    return this.options.datadir;
  }

  get extensions(): ReadonlySet<string> {
    return this.walkOptions.extensions;
  }

  get walk(): WalkOptions {
    return this.walkOptions;
  }

  /** Every record, newest first (ties by id), drafts and future entries included. */
  all(): readonly EntryRecord[] {
    this.sorted ??= [...this.records.values()].sort(newestFirst);
    return this.sorted;
  }

  /**
   * The records readers may see at `now`, newest first. The same array comes back until the index changes or
   * another entry's time comes, so a request costs a binary search, not a copy of the whole blog.
   */
  visible(now: number, options: { drafts?: boolean; future?: boolean } = {}): readonly EntryRecord[] {
    const key = this.visibleKey(now, options);
    const hit = this.visibleCache.get(key);
    if (hit) return hit;
    const list = this.all().filter((r) => isVisible(r, now, options));
    if (this.visibleCache.size >= 8) this.visibleCache.clear();
    this.visibleCache.set(key, list);
    return list;
  }

  /**
   * A key that changes whenever `visible(now, options)` would list other records: the generation, the options,
   * and how many records are dated at or before `now` (so it also changes, harmlessly, when a draft's date
   * passes). Plugins memoise data derived from the visible records (category counts, a tag cloud) on it, so a
   * future entry shows up the moment it is due, at O(log n) a request.
   */
  visibleKey(now: number, options: { drafts?: boolean; future?: boolean } = {}): string {
    const sorted = this.all();
    // Newest first, so the records dated at or before `now` are a suffix: find where it starts.
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]!.date > now) low = middle + 1;
      else high = middle;
    }
    const published = options.future ? "all" : String(sorted.length - low);
    return `${this.state}:${options.drafts ? "drafts" : "-"}:${published}`;
  }

  get(id: string): EntryRecord | undefined {
    return this.records.get(id);
  }

  get size(): number {
    return this.records.size;
  }

  /** Whether a category folder exists (it may hold no entries yet). */
  hasCategory(path: string): boolean {
    return this.folders.has(path);
  }

  /** Every category folder, "" (the root) first, then sorted. */
  categories(): string[] {
    return [...this.folders.keys()].sort();
  }

  /** Builds the index from scratch by walking datadir. */
  async rebuild(): Promise<void> {
    let walked;
    try {
      walked = await walkDatadir(this.options.datadir, this.walkOptions);
    } catch (error) {
      throw new BlossomError("BLOSSOM_ERR_DATADIR_MISSING", `cannot read datadir ${this.options.datadir}: ${(error as Error).message}`, {
        location: this.options.datadir,
        cause: error,
      });
    }
    this.recordsById = new Map();
    this.restored = [];
    this.folders.clear();
    for (const [folder, mtime] of walked.folders) this.folders.set(folder, mtime);
    const parsed = await mapLimited(walked.files, 64, (file) => this.readRecord(file));
    for (const record of parsed) if (record) this.put(record);
    this.touched();
  }

  /** Re-reads one entry file (added or edited) or drops it when it is gone. Returns what happened. */
  async refreshFile(file: string): Promise<"added" | "changed" | "removed" | "unchanged"> {
    const before = this.recordForFile(file);
    const record = await this.readRecord(file, before);
    if (!record) {
      if (!before) return "unchanged";
      this.records.delete(before.id);
      this.touched();
      return "removed";
    }
    if (before && before.mtime === record.mtime && before.size === record.size) return "unchanged";
    this.put(record);
    this.touched();
    return before ? "changed" : "added";
  }

  /** Drops every record under a removed folder. */
  removeFolder(folder: string): string[] {
    const prefix = folder ? `${folder}/` : "";
    const removed: string[] = [];
    for (const record of this.records.values()) {
      if (record.file.startsWith(prefix)) {
        this.records.delete(record.id);
        removed.push(record.file);
      }
    }
    let folders = 0;
    for (const name of [...this.folders.keys()]) if (name === folder || name.startsWith(prefix)) folders += Number(this.folders.delete(name));
    if (removed.length || folders) this.touched();
    return removed;
  }

  /** Records a folder (a new, possibly empty category). */
  addFolder(folder: string, mtime: number): void {
    if (!this.folders.has(folder)) this.touched();
    this.folders.set(folder, mtime);
  }

  onChange(listener: (change: IndexChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells listeners what a batch of file events did. */
  emit(change: IndexChange): void {
    if (change.added.length + change.changed.length + change.removed.length === 0) return;
    for (const listener of this.listeners) listener(change);
  }

  /** The index as plain data, records newest first (so a restore need not sort them again). */
  snapshot(): IndexSnapshot {
    return { folders: [...this.folders], records: [...this.all()], state: this.state };
  }

  restore(snapshot: IndexSnapshot): void {
    this.folders.clear();
    for (const [folder, mtime] of snapshot.folders) this.folders.set(folder, mtime);
    this.touched();
    this.state = snapshot.state;
    // A CGI request restores on every run: a snapshot strictly newest first (as every one Blossom writes is) is
    // the sorted list as it stands, and the by-id map waits until something asks by id.
    const list = snapshot.records;
    let ordered = true;
    for (let i = 1; ordered && i < list.length; i++) ordered = newestFirst(list[i - 1]!, list[i]!) < 0;
    if (ordered) {
      this.recordsById = undefined;
      this.restored = list;
      this.sorted = [...list];
    } else {
      this.recordsById = new Map();
      for (const record of list) this.recordsById.set(record.id, record);
    }
  }

  /**
   * Brings a restored snapshot up to date cheaply: a folder whose mtime changed had files added, removed or
   * renamed, so only that folder is listed again. With `statFiles`, every file is also stat-ed to catch
   * in-place edits (that costs one stat per entry). Returns the files that changed.
   */
  async revalidate(statFiles: boolean): Promise<IndexChange> {
    const added: string[] = [];
    const changed: string[] = [];
    const removed: string[] = [];
    const note = (file: string, what: Awaited<ReturnType<EntryIndex["refreshFile"]>>): void => {
      if (what === "added") added.push(file);
      else if (what === "changed") changed.push(file);
      else if (what === "removed") removed.push(file);
    };
    const queue = [...this.folders.keys()];
    const seen = new Set<string>();
    while (queue.length) {
      const folder = queue.shift()!;
      if (seen.has(folder)) continue;
      seen.add(folder);
      const mtime = await stat(folder ? join(this.datadir, folder) : this.datadir).then((s) => s.mtimeMs, () => undefined);
      if (mtime === undefined) {
        removed.push(...this.removeFolder(folder));
        continue;
      }
      if (mtime === this.folders.get(folder)) continue;
      this.folders.set(folder, mtime);
      const listing = await listFolder(this.datadir, folder, this.walkOptions);
      const present = new Set(listing.files);
      for (const record of [...this.records.values()]) {
        if (record.category === folder && !present.has(record.file)) note(record.file, await this.refreshFile(record.file));
      }
      // Every file of a changed folder, not only new ones: `touch`ing a folder is then how to make a cached
      // index (CGI) see in-place edits at once, for one stat per file of that folder.
      for (const file of listing.files) note(file, await this.refreshFile(file));
      for (const sub of listing.subfolders) {
        if (!this.folders.has(sub)) {
          this.folders.set(sub, -1); // unknown: forces a listing of the new folder below
          this.touched(); // a new category, even an empty one
          queue.push(sub);
        }
      }
    }
    if (statFiles) {
      for (const record of [...this.records.values()]) {
        // statSync: one sweep of 10,000 entries is ~3x cheaper than 10,000 awaited promise stats.
        const info = statSync(join(this.datadir, record.file), { throwIfNoEntry: false });
        if (!info || info.mtimeMs !== record.mtime || info.size !== record.size) note(record.file, await this.refreshFile(record.file));
      }
    }
    const change = { added, changed, removed };
    this.emit(change);
    return change;
  }

  private recordForFile(file: string): EntryRecord | undefined {
    const record = this.records.get(idOf(file));
    return record?.file === file ? record : undefined;
  }

  private put(record: EntryRecord): void {
    const existing = this.records.get(record.id);
    if (existing && existing.file !== record.file) {
      this.options.log.warn(`${record.file} and ${existing.file} have the same URL; keeping ${existing.file}`);
      return;
    }
    this.records.set(record.id, record);
  }

  private touched(): void {
    this.sorted = undefined;
    this.visibleCache.clear();
    this.state = newState();
  }

  /** Reads and parses one entry file into a record; undefined when the file is gone or unreadable. */
  private async readRecord(file: string, previous?: EntryRecord): Promise<EntryRecord | undefined> {
    const absolutePath = join(this.datadir, file);
    let info, source;
    try {
      info = await stat(absolutePath);
      if (!info.isFile()) return undefined;
      if (previous && previous.mtime === info.mtimeMs && previous.size === info.size) return previous;
      source = await readFile(absolutePath, "utf8");
    } catch {
      return undefined;
    }
    const ext = file.slice(file.lastIndexOf(".") + 1);
    const parser = this.parsers[ext];
    if (!parser) return undefined;
    try {
      const parsed = parser(source, file);
      const stated = this.options.filestat({ file, absolutePath, mtime: info.mtimeMs, meta: parsed.meta, date: undefined });
      const id = idOf(file);
      const slash = id.lastIndexOf("/");
      return {
        id,
        file,
        ext,
        category: slash < 0 ? "" : id.slice(0, slash),
        fn: id.slice(slash + 1),
        title: parsed.title,
        meta: parsed.meta,
        mtime: info.mtimeMs,
        size: info.size,
        date: stated.date ?? info.mtimeMs,
        draft: isTrue(parsed.meta.draft),
      };
    } catch (error) {
      this.options.log.error(
        new BlossomError("BLOSSOM_ERR_ENTRY_PARSE", (error as Error).message ?? String(error), { location: file }).describe(),
      );
      return undefined;
    }
  }
}

/** The id of an entry file: its path without the extension. */
export function idOf(file: string): string {
  const dot = file.lastIndexOf(".");
  return dot > file.lastIndexOf("/") ? file.slice(0, dot) : file;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && !/^(0|false|no|off)$/i.test(value.trim());
}

function newestFirst(a: EntryRecord, b: EntryRecord): number {
  return b.date - a.date || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

let states = 0;
/** A state name no other process or moment will produce: time, process and a counter. */
function newState(): string {
  return `${Date.now().toString(36)}.${process.pid.toString(36)}.${(++states).toString(36)}`;
}
