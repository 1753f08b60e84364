import type { EntryRecord, StaticListing } from "../../core";
import { isVisible } from "../../core/entries/entry-index";
import { PAGE, type EntryTuple, type Manifest, type PageTuple } from "./manifest";
import type { PlannedPage } from "./plan";

/**
 * One version of an entry that changed: where it was before the change (if it was shown) or where it is now
 * (if it is shown). An edit that moves an entry to another date or category yields both versions, so the
 * pages it left are refreshed as well as the ones it joined.
 */
export interface TouchedEntry {
  readonly id: string;
  readonly category: string;
  readonly yr: string;
  readonly mo: string;
  readonly da: string;
}

interface Visibility {
  readonly now: number;
  readonly drafts: boolean;
  readonly future: boolean;
}

/**
 * The entry versions whose pages must be rendered again: entries added, removed, edited (mtime, size, date),
 * or shown/hidden since the last run (a future entry now due, `--drafts` switched), plus entries that failed.
 */
export function touchedEntries(
  previous: Pick<Manifest, "entries" | "failedEntries"> & Visibility,
  current: readonly EntryRecord[],
  now: Visibility,
  days: { of(ms: number): string },
): TouchedEntry[] {
  const before = previous.entries;
  // The manifest lists the entries in the index's order, so an entry is usually where the walk through the last
  // run's list has got to (or one further on, past an entry that moved or went): look it up by id only otherwise.
  let next = 0;
  let matched = 0;
  let misses = 0;
  let byId: Map<string, EntryTuple> | undefined;
  const oldVersion = (id: string): EntryTuple | undefined => {
    let found: EntryTuple | undefined;
    if (before[next]?.[0] === id) {
      found = before[next++];
    } else if (before[next + 1]?.[0] === id) {
      found = before[next + 1];
      next += 2;
    } else if (!byId && ++misses <= 16) {
      found = before.find((t) => t[0] === id);
    } else {
      byId ??= new Map(before.map((t): [string, EntryTuple] => [t[0], t]));
      found = byId.get(id);
    }
    if (found) matched++;
    return found;
  };
  const retry = new Set(previous.failedEntries);
  const touched: TouchedEntry[] = [];
  const add = (id: string, date: number): void => {
    const day = days.of(date);
    const slash = id.lastIndexOf("/");
    touched.push({ id, category: slash < 0 ? "" : id.slice(0, slash), yr: day.slice(0, 4), mo: day.slice(5, 7), da: day.slice(8, 10) });
  };
  // isVisible's rule, read off the manifest's tuple.
  const wasShown = (t: EntryTuple): boolean => (previous.drafts || t[5] === 0) && (previous.future || t[4] <= previous.now);
  for (const record of current) {
    const old = oldVersion(record.id);
    const shownBefore = !!old && wasShown(old);
    const shownNow = isVisible(record, now.now, now);
    if (!shownBefore && !shownNow) continue;
    const same = !!old && old[1] === record.ext && old[2] === record.mtime && old[3] === record.size && old[4] === record.date && (old[5] === 1) === record.draft;
    if (shownBefore && shownNow && same && !retry.has(record.id)) continue;
    if (shownBefore) add(old![0], old![4]);
    if (shownNow) add(record.id, record.date);
  }
  // Every entry of the last run was found again (ids are unique): none was removed.
  if (matched < before.length) {
    const seen = new Set(current.map((r) => r.id));
    for (const old of before) if (!seen.has(old[0]) && wasShown(old)) add(old[0], old[4]);
  }
  return touched;
}

/** Whether a page shows any of the touched entry versions, by what it (and its previous run) declared. */
export function isAffected(page: PlannedPage, previous: PageTuple | undefined, touched: readonly TouchedEntry[]): boolean {
  if (touched.length === 0) return false;
  if (page.dependsOnAll || (previous && previous[4] & PAGE.ALL)) return true;
  const idsBefore = previous?.[2] || [];
  const listsBefore = previous?.[3] || [];
  return touched.some(
    (t) =>
      page.dependsOn.includes(t.id) ||
      page.lists.some((l) => listingShows(l, t)) ||
      idsBefore.includes(t.id) ||
      listsBefore.some((key) => listingKeyShows(key, t)),
  );
}

/** listingShows for a listing written as a `listingKey`, without building it again. */
export function listingKeyShows(key: string, entry: TouchedEntry): boolean {
  const bar = key.indexOf("|");
  const category = key.slice(bar + 1);
  if (category !== "" && entry.category !== category && !entry.category.startsWith(`${category}/`)) return false;
  return bar === 0 || `${entry.yr}${entry.mo}${entry.da}`.startsWith(key.slice(0, bar));
}

/** Whether an entry version falls inside a listing (its category at any depth, and its date if given). */
export function listingShows(listing: StaticListing, entry: TouchedEntry): boolean {
  const inCategory = listing.category === "" || entry.category === listing.category || entry.category.startsWith(`${listing.category}/`);
  return (
    inCategory &&
    (listing.year === undefined || listing.year === entry.yr) &&
    (listing.month === undefined || listing.month === entry.mo) &&
    (listing.day === undefined || listing.day === entry.da)
  );
}
