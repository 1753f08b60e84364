import type { Blog, EntryRecord, StaticListing, StaticUrl } from "../../core";
import { isVisible } from "../../core/entries/entry-index";
import { isAffected, type TouchedEntry } from "./changes";
import { CoreFileList, defaultFile, fitsCoreList, PAGE, pageCount, type Manifest, type PageTuple } from "./manifest";
import { ancestors, CorePageMaker, pagesOf, plannedCorePage, type CorePage, type DayKeys, type PlannedPage, type RenderSettings } from "./plan";

/** An incremental run's work, planned from the changed entries alone. */
export interface TargetedPlan {
  readonly toRender: readonly PlannedPage[];
  /** Pages of the last run that no longer exist: [path, file]. */
  readonly stale: ReadonlyArray<readonly [string, string]>;
  /** The files of the core's pages after this run, one a line (the manifest's `core`). */
  readonly core: string;
  /** Plugins' pages after this run. */
  readonly extras: readonly PlannedPage[];
  readonly pageCount: number;
  readonly warnings: readonly string[];
}

/**
 * Plans an incremental run without listing the blog's pages. A core page (front page, category, date archive,
 * entry) shows what its place says, so the pages a changed entry is on — before and after the change — follow
 * from the entry: its own pages, its categories up to the front page, and its day, month and year. Each of those
 * is rendered if it still lists an entry, and deleted if it no longer does; every other core page is as the last
 * run left it. Plugins' pages (`extras`, the URLs taps added after the core's) are few, and planned as usual.
 *
 * Undefined when that shortcut could be wrong, and every page must be planned instead: when two pages could
 * share a file or a folder (a category named like a year or like a page file, an entry named "index"), or when
 * a plugin page and a core page meet in one file or folder.
 */
export function targetedPlan(
  blog: Blog,
  settings: RenderSettings,
  previous: Manifest,
  visible: readonly EntryRecord[],
  days: DayKeys,
  touched: readonly TouchedEntry[],
  extraUrls: readonly StaticUrl[],
): TargetedPlan | undefined {
  if (previous.pages.some((t) => t[4] & PAGE.CORE) || !unambiguous(blog, settings, visible, touched)) return undefined;
  const extras = pagesOf(extraUrls, blog.config.default_flavour);
  const extraFiles = new Set(extras.pages.map((p) => p.file));
  const extrasBefore = new Map(previous.pages.map((t): [string, PageTuple] => [t[1] || defaultFile(t[0], previous.defaultFlavour), t]));
  // The core's files are only needed when a core page may come or go, or a plugin page is new.
  let core: CoreFileList | undefined;
  const coreList = (): CoreFileList => (core ??= new CoreFileList(previous.core));
  const toRender: PlannedPage[] = [];
  const stale: Array<[string, string]> = [];
  const added: string[] = [];
  for (const { page, shown } of corePagesShowing(blog, settings, visible, days, touched)) {
    if (!fitsCoreList(page.file)) return undefined;
    if (extraFiles.has(page.file) || extrasBefore.has(page.file)) return undefined; // a plugin's page in the same file
    if (shown) {
      toRender.push(plannedCorePage(page));
      if (!coreList().has(page.file)) added.push(page.file);
    } else if (coreList().delete(page.file)) {
      stale.push([page.path, page.file]);
    }
  }
  if (added.length) {
    const extraFolders = foldersOf(extraFiles);
    for (const file of added) {
      if (extraFolders.has(file) || parentFolders(file).some((folder) => coreList().has(folder) || extraFiles.has(folder))) return undefined;
      coreList().add(file);
    }
  }

  // A plugin page and a core page never shared a file or folder in the last run, and the core's pages that are
  // new were checked above: only a new plugin page can meet an existing core page.
  const folders = new Set(blog.entries.categories());
  for (const page of extras.pages) {
    const before = extrasBefore.get(page.file);
    if (!before) {
      const { file } = page;
      if (coreList().has(file) || folders.has(file) || /(?:^|\/)\d{4}(?:\/|$)/.test(file) || parentFolders(file).some((f) => coreList().has(f))) return undefined;
      toRender.push(page);
    } else if (isAffected(page, before, touched)) {
      toRender.push(page);
    }
  }
  for (const [file, tuple] of extrasBefore) if (!extraFiles.has(file)) stale.push([tuple[0], file]);
  return {
    toRender,
    stale,
    core: core ? core.toString() : previous.core,
    extras: extras.pages,
    pageCount: core ? core.size + extras.pages.length : pageCount(previous) - previous.pages.length + extras.pages.length,
    warnings: extras.warnings,
  };
}

/**
 * The core's pages that show one of the touched entry versions, each with whether it is shown now (it lists
 * an entry, or it is a visible entry's own page). In the order a full render makes them: the front page and
 * categories, then year by year the entries, days, months and the year.
 */
function corePagesShowing(
  blog: Blog,
  settings: RenderSettings,
  visible: readonly EntryRecord[],
  days: DayKeys,
  touched: readonly TouchedEntry[],
): Array<{ page: CorePage; shown: boolean }> {
  const wantYears = settings.dateArchives.includes("year");
  const wantMonths = settings.dateArchives.includes("month");
  const wantDays = settings.dateArchives.includes("day");
  const listings = new Map<string, Candidate>();
  const add = (lists: StaticListing, rank: number): void => {
    const date = lists.year === undefined ? "" : [lists.year, lists.month, lists.day].filter(Boolean).join("/");
    const key = `${date}|${lists.category}`;
    if (!listings.has(key)) listings.set(key, { lists, date, rank, shown: false });
  };
  const ids = new Map<string, string>();
  for (const t of touched) {
    ids.set(t.id, t.yr);
    for (const category of ["", ...ancestors(t.category)]) {
      add({ category }, 0);
      if (category !== "" && !settings.categoryArchives) continue;
      if (wantDays) add({ category, year: t.yr, month: t.mo, day: t.da }, 2);
      if (wantMonths) add({ category, year: t.yr, month: t.mo }, 3);
      if (wantYears) add({ category, year: t.yr }, 4);
    }
  }
  markShown([...listings.values()], visible, days);

  const make = new CorePageMaker(blog, settings);
  const visibility = { drafts: settings.drafts, future: blog.config.show_future_entries };
  const now = settings.now.getTime();
  const made: Array<{ page: CorePage; shown: boolean; rank: number }> = [];
  const pages: CorePage[] = [];
  const collect = (shown: boolean, rank: number): void => {
    for (const page of pages) made.push({ page, shown, rank });
    pages.length = 0;
  };
  for (const c of listings.values()) {
    make.listing(c.lists, c.lists.year ?? "", pages);
    collect(c.shown, c.rank);
  }
  for (const [id, year] of ids) {
    const record = blog.entries.get(id);
    make.entry(id, year, pages);
    collect(!!record && isVisible(record, now, visibility), 1);
  }
  return made.sort(byPlace);
}

/** The front page and categories (group "") first, then the years newest first, each in the order of its ranks. */
function byPlace(a: { page: CorePage; rank: number }, b: { page: CorePage; rank: number }): number {
  if (a.page.group === b.page.group) return a.rank - b.rank;
  if (a.page.group === "") return -1;
  if (b.page.group === "") return 1;
  return a.page.group < b.page.group ? 1 : -1;
}

interface Candidate {
  readonly lists: StaticListing;
  /** "YYYY", "YYYY/MM", "YYYY/MM/DD", or "" for a listing of every date. */
  readonly date: string;
  /** Its place among a year's pages: listings of every date 0, entries 1, days 2, months 3, the year 4. */
  readonly rank: number;
  shown: boolean;
}

/** Marks the listings that show at least one visible record, in one pass that stops once all are found. */
function markShown(candidates: Candidate[], visible: readonly EntryRecord[], days: DayKeys): void {
  let left = candidates.length;
  for (let r = 0; r < visible.length && left > 0; r++) {
    const record = visible[r]!;
    let day: string | undefined;
    for (let i = 0; i < left; ) {
      const c = candidates[i]!;
      const { category } = c.lists;
      const inCategory = category === "" || record.category === category || record.category.startsWith(`${category}/`);
      if (inCategory && (c.date === "" || (day ??= days.of(record.date)).startsWith(c.date))) {
        c.shown = true;
        candidates[i] = candidates[--left]!;
        candidates[left] = c;
      } else {
        i++;
      }
    }
  }
}

/**
 * Whether every core page has a file of its own that is nobody's folder: no category (at any depth) is named
 * like a year ("2024": its page would be the year's) or ends like a page file ("notes.html"), and no entry
 * named "index" is written in a flavour its category's page is written in.
 */
function unambiguous(blog: Blog, settings: RenderSettings, visible: readonly EntryRecord[], touched: readonly TouchedEntry[]): boolean {
  const endings = [...new Set([...settings.flavours, ...settings.entryFlavours])].map((f) => `.${f}`);
  const clashes = (segment: string): boolean => /^\d{4}$/.test(segment) || endings.some((e) => segment.endsWith(e));
  const categories = new Set([...blog.entries.categories(), ...touched.map((t) => t.category)]);
  for (const category of categories) if (category && category.split("/").some(clashes)) return false;
  if (settings.entryFlavours.some((f) => settings.flavours.includes(f))) {
    if (visible.some((r) => r.fn === "index") || touched.some((t) => t.id === "index" || t.id.endsWith("/index"))) return false;
  }
  return true;
}

/** "a/b/c.html" → ["a", "a/b"]. */
function parentFolders(file: string): string[] {
  const out: string[] = [];
  for (let slash = file.indexOf("/"); slash > 0; slash = file.indexOf("/", slash + 1)) out.push(file.slice(0, slash));
  return out;
}

function foldersOf(files: Iterable<string>): Set<string> {
  const folders = new Set<string>();
  for (const file of files) for (const folder of parentFolders(file)) folders.add(folder);
  return folders;
}
