import type { EntryRecord, PathInfo, RequestContext } from "../../core";
import { isVisible } from "../../core/entries/entry-index";
import { parseDate } from "../../core/dates";

/** The records a page lists, from the in-memory index: no walk, no stat. */
export function defaultFileList(ctx: RequestContext): readonly EntryRecord[] {
  const { blog } = ctx;
  const pi = ctx.data.pathInfo;
  if (!pi) return [];
  const now = ctx.now.getTime();
  const shown = { future: blog.config.show_future_entries, drafts: ctx.drafts };
  if (pi.kind === "entry") {
    const record = pi.entryId === undefined ? undefined : blog.entries.get(pi.entryId);
    return record && isVisible(record, now, shown) ? [record] : [];
  }
  const visible = inOrder(blog.entries.visible(now, shown));
  if (!pi.category && !pi.year) return visible;
  const key = `${blog.entries.visibleKey(now, shown)}\0${pi.category}\0${pi.year ?? ""}\0${pi.month ?? ""}\0${pi.day ?? ""}`;
  let cache = listings.get(blog.entries);
  if (!cache) listings.set(blog.entries, (cache = new Map()));
  return remember(cache, key, () => {
    const range = dateRange(pi, blog.config.timezone);
    const prefix = pi.category ? `${pi.category}/` : "";
    // Newest first, so a date range is one run of the list: found by binary search, not by a scan of every entry.
    const candidates = range ? visible.slice(firstOlderThan(visible, range[1]), firstOlderThan(visible, range[0])) : visible;
    return inOrder(prefix ? candidates.filter((r) => r.category === pi.category || r.category.startsWith(prefix)) : candidates);
  });
}

/** The index of the first record dated before `time` in a newest-first list (its length if none). */
function firstOlderThan(records: readonly EntryRecord[], time: number): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (records[middle]!.date >= time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Listings of categories and dates, per blog by index state and page; bounded, oldest dropped first. */
const listings = new WeakMap<object, Map<string, readonly EntryRecord[]>>();
const LISTINGS_LIMIT = 512;

function remember(cache: Map<string, readonly EntryRecord[]>, key: string, compute: () => readonly EntryRecord[]): readonly EntryRecord[] {
  const hit = cache.get(key);
  if (hit) return hit;
  const value = compute();
  if (cache.size >= LISTINGS_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

/** The instants [start, end) of a date archive in the blog's time zone. */
export function dateRange(pi: PathInfo, timeZone: string): [number, number] | undefined {
  if (!pi.year) return undefined;
  const y = Number(pi.year);
  const m = pi.month ? Number(pi.month) : undefined;
  const d = pi.day ? Number(pi.day) : undefined;
  const iso = (year: number, month: number, day: number): string => {
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.toISOString().slice(0, 10);
  };
  const start = iso(y, m ?? 1, d ?? 1);
  const end = d !== undefined ? iso(y, m!, d + 1) : m !== undefined ? iso(y, m + 1, 1) : iso(y + 1, 1, 1);
  return [parseDate(start, timeZone)!, parseDate(end, timeZone)!];
}

/** Lists known to be newest first: the index's, and filters of them. */
const knownInOrder = new WeakSet<readonly EntryRecord[]>();
function inOrder(list: readonly EntryRecord[]): readonly EntryRecord[] {
  knownInOrder.add(list);
  return list;
}

const byNewest = (a: EntryRecord, b: EntryRecord): number => b.date - a.date || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Newest first; entries published at the same moment are ordered by id, so pages are stable. */
export function newestFirst(records: readonly EntryRecord[]): readonly EntryRecord[] {
  if (knownInOrder.has(records)) return records;
  // A list from elsewhere is often in this order already: checking is O(n) and allocates nothing.
  for (let i = 1; i < records.length; i++) if (byNewest(records[i - 1]!, records[i]!) > 0) return [...records].sort(byNewest);
  return records;
}

/** Cuts front and category pages to num_entries (0 keeps all); dates and single entries are never cut. */
export function truncate(records: readonly EntryRecord[], ctx: RequestContext): readonly EntryRecord[] {
  const limit = ctx.blog.config.num_entries;
  return ctx.data.pathInfo?.truncate && limit > 0 ? records.slice(0, limit) : records;
}
