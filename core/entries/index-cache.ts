import { readJsonCache, writeJsonCache } from "../json-cache";
import type { EntryRecord } from "./entry";
import type { IndexSnapshot } from "./entry-index";

/**
 * The entry index on disk, so a CGI process (or a restarted server) need not parse every entry again.
 * Records are stored as tuples: a 10,000-entry index is about half the size of the object form, and parses
 * in half the time. `key` names everything the records depend on besides the files themselves (Blossom's
 * version, the plugins that tap entryparser/filestat, the time zone); a different key means rebuild.
 */
const FORMAT = 2;

type RecordTuple = [id: string, ext: string, title: string, meta: Record<string, string>, mtime: number, size: number, date: number, draft: 0 | 1];

interface CacheFile {
  format: number;
  key: string;
  /** When every file was last stat-ed (ms). */
  sweptAt: number;
  /** The index's state name (see EntryIndex.state). */
  state: string;
  folders: Array<[string, number]>;
  records: RecordTuple[];
}

export interface CachedIndex {
  readonly snapshot: IndexSnapshot;
  readonly sweptAt: number;
}

export function readIndexCache(file: string, key: string): CachedIndex | undefined {
  const data = readJsonCache<CacheFile>(file);
  if (!data || data.format !== FORMAT || data.key !== key || !Array.isArray(data.records)) return undefined;
  const records = data.records.map(([id, ext, title, meta, mtime, size, date, draft]): EntryRecord => {
    const slash = id.lastIndexOf("/");
    return {
      id,
      file: `${id}.${ext}`,
      ext,
      category: slash < 0 ? "" : id.slice(0, slash),
      fn: id.slice(slash + 1),
      title,
      meta,
      mtime,
      size,
      date,
      draft: draft === 1,
    };
  });
  return { snapshot: { folders: data.folders, records, state: data.state }, sweptAt: data.sweptAt };
}

export function writeIndexCache(file: string, key: string, snapshot: IndexSnapshot, sweptAt: number): boolean {
  const data: CacheFile = {
    format: FORMAT,
    key,
    sweptAt,
    state: snapshot.state,
    folders: snapshot.folders.map(([f, m]) => [f, m]),
    records: snapshot.records.map((r) => [r.id, r.ext, r.title, r.meta, r.mtime, r.size, r.date, r.draft ? 1 : 0]),
  };
  return writeJsonCache(file, data);
}
