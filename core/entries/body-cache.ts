import { join } from "node:path";
import { readJsonCache, writeJsonCache } from "../json-cache";
import { quickHash } from "../quick-hash";
import type { Entry, EntryRecord } from "./entry";

/** One formatted body on disk: the key it was made under, the file's mtime and size, the body and its vars. */
interface StoredBody {
  readonly k: string;
  readonly m: number;
  readonly s: number;
  readonly b: string;
  readonly v: Entry["vars"];
}

const MEMORY_LIMIT = 1000;

/**
 * Formatted entry bodies, by entry, valid while the file's mtime and size are unchanged. In memory for every
 * transport; on disk too (`persistTo`) for CGI, where each request is a new process that would otherwise
 * format every body it shows again (and load markdown-it to do it). On disk each entry is its own small file,
 * so a request reads only the entries it shows.
 */
export class BodyCache {
  private readonly memory = new Map<string, Entry>();
  private disk: { dir: string; key: string } | undefined;

  /** Also keep bodies in `dir`, valid under `key` (whatever else decides a body: config, plugins, version). */
  persistTo(dir: string, key: string): void {
    this.disk = { dir, key: quickHash(key) };
  }

  get(record: EntryRecord): Entry | undefined {
    const hit = this.memory.get(record.id);
    if (hit && hit.mtime === record.mtime && hit.size === record.size) return hit;
    if (!this.disk) return undefined;
    const stored = readJsonCache<StoredBody>(this.fileFor(record.id));
    if (!stored || stored.k !== this.disk.key || stored.m !== record.mtime || stored.s !== record.size) return undefined;
    const entry: Entry = { ...record, body: stored.b, vars: stored.v };
    this.remember(entry);
    return entry;
  }

  set(entry: Entry): void {
    this.remember(entry);
    if (!this.disk) return;
    // A read-only cache folder only costs speed.
    writeJsonCache(this.fileFor(entry.id), { k: this.disk.key, m: entry.mtime, s: entry.size, b: entry.body, v: entry.vars } satisfies StoredBody);
  }

  private remember(entry: Entry): void {
    if (this.memory.size >= MEMORY_LIMIT) this.memory.delete(this.memory.keys().next().value!);
    this.memory.set(entry.id, entry);
  }

  /** "cat/sub/post" → "cat~sub~post.json"; ids are file paths, so encoding keeps them distinct. */
  private fileFor(id: string): string {
    return join(this.disk!.dir, `${encodeURIComponent(id).replaceAll("%2F", "~")}.json`);
  }
}
