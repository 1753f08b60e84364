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
  const range = dateRange(pi, blog.config.timezone);
  return inOrder(blog.entries.visible(now, { ...shown, category: pi.category, since: range?.[0], before: range?.[1] }));
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
