import type { EntryRecord } from "../../core";
import { parseTags } from "./tag-names";

/** One tag and the visible entries that carry it. */
export interface TagInfo {
  readonly key: string;
  /** The spelling most entries use (ties: the newest entry's). */
  readonly name: string;
  /** Newest first, as the records came. */
  readonly records: readonly EntryRecord[];
}

/** Every tag of `records` (visible, newest first) by key. */
export function buildTagIndex(records: readonly EntryRecord[], metaKey: string, separator: string): Map<string, TagInfo> {
  const found = new Map<string, { records: EntryRecord[]; spellings: Map<string, number> }>();
  for (const record of records) {
    for (const tag of parseTags(record.meta[metaKey], separator)) {
      let entry = found.get(tag.key);
      if (!entry) found.set(tag.key, (entry = { records: [], spellings: new Map() }));
      entry.records.push(record);
      entry.spellings.set(tag.name, (entry.spellings.get(tag.name) ?? 0) + 1);
    }
  }
  const index = new Map<string, TagInfo>();
  for (const [key, { records: tagged, spellings }] of found) {
    let name = "";
    let best = 0;
    // Map order is first-seen order, i.e. newest entry first; ">" keeps the earliest on a tie.
    for (const [spelling, count] of spellings) if (count > best) [name, best] = [spelling, count];
    index.set(key, { key, name, records: tagged });
  }
  return index;
}
