// fs.promises is a getter that loads its module on first use: a CGI request on an unchanged blog never does.
import { promises as fsp, statSync } from "node:fs";
import { join } from "node:path";
import { BlossomError } from "../errors";
import type { Logger } from "../logger";
import type { EntryParsers, EntryRecord, FileStat } from "./entry";
import type { StoredIndex } from "./index-file";
import { listFolder, walkDatadir, type WalkOptions } from "./walk";

/** Listings kept per index state (front, categories, dates, each view): bounded, oldest dropped first. */
const LISTINGS_LIMIT = 512;

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

/** Which entries a listing shows: visibility, and optionally one category and one span of dates. */
export interface EntryQuery {
  /** List drafts too (`blossom render --drafts`). */
  readonly drafts?: boolean;
  /** List entries dated after `now` too (`show_future_entries`). */
  readonly future?: boolean;
  /** Only this category and the ones below it; "" or absent: every category. */
  readonly category?: string | undefined;
  /** Only entries dated at or after this time (ms). */
  readonly since?: number | undefined;
  /** Only entries dated before this time (ms). */
  readonly before?: number | undefined;
}

/** Whether a record is shown to readers at `now`. */
export function isVisible(record: EntryRecord, now: number, options: { drafts?: boolean; future?: boolean } = {}): boolean {
  return (options.drafts || !record.draft) && (options.future || record.date <= now);
}

/**
 * The entries newest first, as columns a query scans without building records: an array of records, or a
 * StoredIndex (a cached index that builds records only for the entries a request touches).
 */
interface SortedEntries {
  readonly length: number;
  /** Positions of drafts, ascending. */
  readonly drafts: readonly number[];
  date(i: number): number;
  id(i: number): string;
  /** The records in positions [from, to) but `skip` (ascending). */
  range(from: number, to: number, skip: readonly number[]): readonly EntryRecord[];
  list(positions: readonly number[]): readonly EntryRecord[];
}

class RecordColumns implements SortedEntries {
  private draftList: number[] | undefined;
  constructor(readonly records: readonly EntryRecord[]) {}
  get length(): number {
    return this.records.length;
  }
  get drafts(): readonly number[] {
    if (!this.draftList) {
      this.draftList = [];
      this.records.forEach((record, i) => record.draft && this.draftList!.push(i));
    }
    return this.draftList;
  }
  date(i: number): number {
    return this.records[i]!.date;
  }
  id(i: number): string {
    return this.records[i]!.id;
  }
  range(from: number, to: number, skip: readonly number[]): readonly EntryRecord[] {
    const skipped = new Set(skip);
    return this.records.slice(from, to).filter((_, k) => !skipped.has(from + k));
  }
  list(positions: readonly number[]): readonly EntryRecord[] {
    return positions.map((i) => this.records[i]!);
  }
}

/** The first position whose date passes `test`, which is false before it and true from it on (newest first). */
function boundary(entries: SortedEntries, test: (date: number) => boolean): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(entries.date(middle))) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The records a query lists at `now`; a span of dates is one run of the list, found by binary search. */
function select(entries: SortedEntries, now: number, query: EntryQuery): readonly EntryRecord[] {
  let from = query.future ? 0 : boundary(entries, (date) => date <= now);
  if (query.before !== undefined) from = Math.max(from, boundary(entries, (date) => date < query.before!));
  const to = query.since === undefined ? entries.length : boundary(entries, (date) => date < query.since!);
  const skip = query.drafts ? [] : entries.drafts;
  if (!query.category) return entries.range(from, to, skip);
  const prefix = `${query.category}/`;
  const skipped = new Set(skip);
  const positions: number[] = [];
  for (let i = from; i < to; i++) if (!skipped.has(i) && entries.id(i).startsWith(prefix)) positions.push(i);
  return entries.list(positions);
}

/**
 * Every entry of the blog, by id, with what listings need (title, metadata, date) but not the formatted body.
 * Long-running transports build it once and keep it current from file events; no request walks the tree.
 */
export class EntryIndex {
  /** By id; undefined while a stored index stands in (built when something changes the index). */
  private recordsById: Map<string, EntryRecord> | undefined = new Map();
  /** A cached index restored as is: records are built only for what requests touch. */
  private stored: StoredIndex | undefined;
  private readonly folders = new Map<string, number>();
  private sorted: RecordColumns | undefined;
  private readonly listings = new Map<string, readonly EntryRecord[]>();
  private readonly listeners = new Set<(change: IndexChange) => void>();
  private walkOptionsCache: WalkOptions | undefined;
  private parsersCache: EntryParsers | undefined;
  private changedAtCache: { state: string; at: number } | undefined;
  /**
   * Names the index's content: it changes with every change, and two processes that restored the same cached
   * index share it, so data derived from the entries can be cached across processes (see DerivedData).
   */
  state = newState();

  constructor(private readonly options: EntryIndexOptions) {}

  private get records(): Map<string, EntryRecord> {
    if (!this.recordsById) {
      const list = this.stored!.records();
      this.stored!.close();
      this.stored = undefined;
      this.recordsById = new Map(list.map((record) => [record.id, record]));
      this.sorted = new RecordColumns(list);
    }
    return this.recordsById;
  }

  private get order(): SortedEntries {
    return this.stored ?? (this.sorted ??= new RecordColumns([...this.records.values()].sort(newestFirst)));
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
    const order = this.order;
    return order instanceof RecordColumns ? order.records : order.range(0, order.length, []);
  }

  /**
   * The records a query lists at `now`, newest first: by default every entry readers may see; with `category`,
   * `since` and `before`, a category or date listing. The same array comes back until the index changes or
   * another entry's time comes, so a request costs a lookup, not a scan of the whole blog.
   */
  visible(now: number, query: EntryQuery = {}): readonly EntryRecord[] {
    const key = `${this.visibleKey(now, query)}\0${query.category ?? ""}\0${query.since ?? ""}\0${query.before ?? ""}`;
    const hit = this.listings.get(key);
    if (hit) return hit;
    const list = select(this.order, now, query);
    if (this.listings.size >= LISTINGS_LIMIT) this.listings.delete(this.listings.keys().next().value!);
    this.listings.set(key, list);
    return list;
  }

  /**
   * A key that changes whenever `visible(now, options)` would list other records: the state, the options,
   * and how many records are dated at or before `now` (so it also changes, harmlessly, when a draft's date
   * passes). Plugins memoise data derived from the visible records (category counts, a tag cloud) on it, so a
   * future entry shows up the moment it is due, at O(log n) a request.
   */
  visibleKey(now: number, options: { drafts?: boolean; future?: boolean } = {}): string {
    const order = this.order;
    const published = options.future ? "all" : String(order.length - boundary(order, (date) => date <= now));
    return `${this.state}:${options.drafts ? "drafts" : "-"}:${published}`;
  }

  get(id: string): EntryRecord | undefined {
    if (this.stored) {
      const i = this.stored.indexOf(id);
      return i < 0 ? undefined : this.stored.record(i);
    }
    return this.records.get(id);
  }

  get size(): number {
    return this.stored ? this.stored.count : this.records.size;
  }

  /** The newest modification anywhere in datadir the index knows of: an entry file's or a folder's mtime. */
  changedAt(): number {
    if (this.changedAtCache?.state !== this.state) {
      let at = this.stored ? this.stored.newestMtime : 0;
      if (!this.stored) for (const record of this.records.values()) at = Math.max(at, record.mtime);
      for (const mtime of this.folders.values()) at = Math.max(at, mtime);
      this.changedAtCache = { state: this.state, at };
    }
    return this.changedAtCache.at;
  }

  /**
   * The date of the entry that is next to come out after `now` (the oldest one dated later), if any: until
   * then, what readers see does not change with time alone. Drafts count too, which is merely early.
   */
  nextDateAfter(now: number): number | undefined {
    const order = this.order;
    const published = boundary(order, (date) => date <= now);
    return published === 0 ? undefined : order.date(published - 1);
  }

  /** Each category folder ("" for datadir) and its mtime as the index last saw it. */
  folderTimes(): ReadonlyArray<readonly [string, number]> {
    return [...this.folders];
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
    this.dropStored();
    this.recordsById = new Map();
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
    this.materialize(); // a stored index reads every record at once, not one by one through a lazy list
    return { folders: [...this.folders], records: [...this.all()], state: this.state };
  }

  /** Takes the records of a snapshot (a render worker gets its parent's index this way). */
  restore(snapshot: IndexSnapshot): void {
    this.dropStored();
    this.recordsById = new Map(snapshot.records.map((record) => [record.id, record]));
    this.restoreFolders(snapshot.folders, snapshot.state);
  }

  /**
   * Takes a cached index as it is on disk: lists come from its columns, and a record is built when something
   * reads it. The index owns the file from here on (`close` releases it).
   */
  restoreStored(stored: StoredIndex): void {
    this.dropStored();
    this.stored = stored;
    this.recordsById = undefined;
    this.restoreFolders(stored.folders, stored.state);
  }

  /** Builds every record of a stored index now (long-running processes read them all anyway). */
  materialize(): void {
    void this.records;
  }

  /** Releases a stored index's file. */
  close(): void {
    this.stored?.close();
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
      const mtime = mtimeOf(folder ? join(this.datadir, folder) : this.datadir);
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
      for (const { file, mtime, size } of this.fileStats()) {
        // statSync: one sweep of 10,000 entries is ~3x cheaper than 10,000 awaited promise stats.
        const info = statSync(join(this.datadir, file), { throwIfNoEntry: false });
        if (!info || info.mtimeMs !== mtime || info.size !== size) note(file, await this.refreshFile(file));
      }
    }
    const change = { added, changed, removed };
    this.emit(change);
    return change;
  }

  /** Every entry file with the mtime and size it was indexed at; a stored index answers from its columns. */
  private fileStats(): Array<{ file: string; mtime: number; size: number }> {
    const stored = this.stored;
    if (!stored) return [...this.records.values()];
    const { mtimes, sizes } = stored.fileStats();
    return Array.from({ length: stored.count }, (_, i) => ({ file: `${stored.id(i)}.${stored.ext(i)}`, mtime: mtimes[i]!, size: sizes[i]! }));
  }

  private restoreFolders(folders: ReadonlyArray<readonly [string, number]>, state: string): void {
    this.folders.clear();
    for (const [folder, mtime] of folders) this.folders.set(folder, mtime);
    this.touched();
    this.state = state;
  }

  /**
   * Forgets a stored index, when the index is loaded anew. A change to a stored index goes through `records`
   * instead, which builds every record first, so the lazy lists handed out before it stay whole.
   */
  private dropStored(): void {
    this.stored?.close();
    this.stored = undefined;
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
    this.listings.clear();
    this.state = newState();
  }

  /** Reads and parses one entry file into a record; undefined when the file is gone or unreadable. */
  private async readRecord(file: string, previous?: EntryRecord): Promise<EntryRecord | undefined> {
    const absolutePath = join(this.datadir, file);
    let info, source;
    try {
      info = await fsp.stat(absolutePath);
      if (!info.isFile()) return undefined;
      if (previous && previous.mtime === info.mtimeMs && previous.size === info.size) return previous;
      source = await fsp.readFile(absolutePath, "utf8");
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

/** A folder's mtime; undefined when it is gone or cannot be read (both mean: its entries are gone). */
function mtimeOf(path: string): number | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false })?.mtimeMs;
  } catch {
    return undefined;
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
