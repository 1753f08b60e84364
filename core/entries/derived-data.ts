import { readJsonCache, writeJsonCache } from "../json-cache";
import type { EntryRecord } from "./entry";
import type { EntryIndex } from "./entry-index";

/** Which entries a reader sees: a request's moment, and whether drafts are listed. A RequestContext is one. */
export interface EntryView {
  readonly now: Date;
  readonly drafts: boolean;
}

export interface DeriveOptions {
  /**
   * Keep the value on disk too, for the next process of a transport that has a cache folder (a CGI request, an
   * incremental render). The value must come back unchanged through JSON.stringify and JSON.parse (plain
   * objects, arrays, strings, numbers, booleans, null).
   */
  readonly persist?: boolean;
}

interface Slot {
  readonly key: string;
  readonly value: unknown;
}

interface StoredFile {
  readonly key: string;
  readonly values: Record<string, Slot>;
}

/**
 * Data plugins derive from the visible entries (category counts, month archives, a tag cloud): computed once
 * for what a view shows and kept until that changes (an entry added, edited or removed, a future entry falling
 * due), so a request only looks it up. Each name holds one value; a name should carry a version when the shape
 * of its value changes ("tags:cloud:2"), since persisted values outlive the process that made them.
 */
export class DerivedData {
  private readonly slots = new Map<string, Slot>();
  /** Names whose values belong on disk. */
  private readonly persisted = new Set<string>();
  private disk: { file: string; key: string; loaded: boolean; dirty: boolean } | undefined;

  constructor(
    private readonly index: EntryIndex,
    private readonly showFuture: () => boolean,
  ) {}

  get<T>(name: string, view: EntryView, compute: (records: readonly EntryRecord[]) => T, options: DeriveOptions = {}): T {
    const shown = { future: this.showFuture(), drafts: view.drafts };
    const now = view.now.getTime();
    const key = this.index.visibleKey(now, shown);
    if (options.persist) this.load();
    const slot = this.slots.get(name);
    if (slot?.key === key) return slot.value as T;
    const value = compute(this.index.visible(now, shown));
    this.slots.set(name, { key, value });
    if (options.persist && this.disk) {
      this.disk.dirty = true;
      this.persisted.add(name);
    }
    return value;
  }

  /**
   * Keeps persisted values in `file`, valid while `key` (what besides the entries decides them: Blossom's
   * version, the config, the plugins) is unchanged. Read on the first persisted lookup.
   */
  persistTo(file: string, key: string): void {
    this.disk = { file, key, loaded: false, dirty: false };
  }

  /** Writes persisted values that were computed since the file was read. */
  flush(): void {
    if (!this.disk?.dirty) return;
    const values: Record<string, Slot> = {};
    for (const name of this.persisted) {
      const slot = this.slots.get(name);
      if (slot) values[name] = slot;
    }
    writeJsonCache(this.disk.file, { key: this.disk.key, values } satisfies StoredFile);
    this.disk.dirty = false;
  }

  private load(): void {
    if (!this.disk || this.disk.loaded) return;
    this.disk.loaded = true;
    const stored = readJsonCache<StoredFile>(this.disk.file);
    if (stored?.key !== this.disk.key || typeof stored.values !== "object" || stored.values === null) return;
    for (const [name, slot] of Object.entries(stored.values)) {
      if (!this.slots.has(name)) this.slots.set(name, slot);
      this.persisted.add(name);
    }
  }
}
