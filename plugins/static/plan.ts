import type { Blog, EntryRecord, StaticListing, StaticRenderInfo, StaticUrl } from "../../core";
import { dateParts } from "../../core/dates";
import { locatePage } from "./layout";
import { fitsCoreList, MANIFEST_FILE } from "./manifest";

export type DateLevel = "year" | "month" | "day";

/** What one run renders: decided from the plugin's options and the command line. */
export interface RenderSettings {
  readonly now: Date;
  readonly drafts: boolean;
  readonly incremental: boolean;
  readonly flavours: readonly string[];
  readonly entryFlavours: readonly string[];
  readonly dateArchives: readonly DateLevel[];
  readonly categoryArchives: boolean;
}

/** One page to write, with what it depends on. */
export interface PlannedPage {
  readonly path: string;
  readonly requestPath: string;
  readonly file: string;
  readonly dependsOn: readonly string[];
  readonly lists: readonly StaticListing[];
  /** True when it declared no dependencies: it depends on every entry. */
  readonly dependsOnAll: boolean;
  /** For an entry's own page, the entry id: a failure is reported against the entry's file. */
  readonly entry: string | undefined;
  /** Pages of one group show the same entries (a year's): rendering them in one thread reads each entry once. */
  readonly group: string;
  /** Who lists it: the core alone (front page, categories, dates, entries), plugins alone, or both. */
  readonly origin: "core" | "plugin" | "both";
  /** Listed under more than one URL (say a category named "2024" and the year 2024): one file for both. */
  readonly merged?: boolean;
}

/** A page the core alone lists, under one URL: what it shows follows from its file, so a manifest lists its file only. */
export function isPlainCorePage(page: PlannedPage): boolean {
  return page.origin === "core" && !page.merged && fitsCoreList(page.file);
}

/** The core's page set, as a string: a different one since the last run means pages appear or go everywhere. */
export function layoutKey(settings: Pick<RenderSettings, "flavours" | "entryFlavours" | "dateArchives" | "categoryArchives">): string {
  return JSON.stringify([settings.flavours, settings.entryFlavours, settings.dateArchives, settings.categoryArchives]);
}

/** Whether a record is listed at `now` in this run (the same rule the default file list applies). */
export function visibleRecords(blog: Blog, settings: Pick<RenderSettings, "now" | "drafts">): readonly EntryRecord[] {
  return blog.entries.visible(settings.now.getTime(), { drafts: settings.drafts, future: blog.config.show_future_entries });
}

/**
 * The publication day of a date in the blog's time zone as "YYYY/MM/DD", remembered per date (asking Intl is
 * the slow part of listing date pages). A render seeds it from the previous manifest.
 */
export class DayKeys {
  private readonly known = new Map<number, string>();

  constructor(private readonly timeZone: string) {}

  of(ms: number): string {
    let day = this.known.get(ms);
    if (day === undefined) {
      const p = dateParts(ms, this.timeZone);
      day = `${p.yr}/${p.mo_num}/${p.da}`;
      this.known.set(ms, day);
    }
    return day;
  }

  /** Tells the cache a day it can trust (from a manifest written with the same time zone). */
  remember(ms: number, day: string): void {
    this.known.set(ms, day);
  }
}

/**
 * A page of the core's own: where it is and what it shows are known when it is made, so planning it needs no
 * parsing of its path. Plugins see it as a plain StaticUrl; a copy they make (`{ ...url, path }`) is theirs.
 */
export class CorePage implements StaticUrl {
  declare readonly dependsOn?: readonly string[];
  declare readonly lists?: StaticListing;

  constructor(
    readonly path: string,
    readonly requestPath: string,
    readonly file: string,
    readonly group: string,
    readonly entry: string | undefined,
    shows: readonly string[] | StaticListing,
  ) {
    if (Array.isArray(shows)) (this as { dependsOn?: readonly string[] }).dependsOn = shows;
    else (this as { lists?: StaticListing }).lists = shows as StaticListing;
  }
}

/** Makes the core's pages of one listing or one entry, in every flavour it is written in. */
export class CorePageMaker {
  constructor(
    private readonly blog: Blog,
    private readonly settings: Pick<RenderSettings, "flavours" | "entryFlavours">,
  ) {}

  /** The listing's pages: its folder is the category, then the date (either may be empty). */
  listing(lists: StaticListing, group: string, out: CorePage[]): void {
    const { urls } = this.blog;
    const { default_flavour: defaultFlavour } = this.blog.config;
    const folder = listingFolder(lists);
    const dir = folder ? `/${folder}/` : "/";
    for (const flavour of this.settings.flavours) {
      const path = lists.year === undefined ? urls.categoryPath(lists.category, flavour) : urls.datePath(dateOf(lists), lists.category, flavour);
      const requestPath = flavour === defaultFlavour ? dir : `${dir}index.${flavour}`;
      out.push(new CorePage(path, requestPath, `${dir.slice(1)}index.${flavour}`, group, undefined, lists));
    }
  }

  /** The entry's own pages. */
  entry(id: string, group: string, out: CorePage[]): void {
    const ids = [id];
    for (const flavour of this.settings.entryFlavours) {
      out.push(new CorePage(this.blog.urls.entryPath(id, flavour), `/${id}.${flavour}`, `${id}.${flavour}`, group, id, ids));
    }
  }
}

/** "tech/2024/05" for the listing of tech's May 2024; "" for the front page. */
export function listingFolder(lists: StaticListing): string {
  let folder = lists.category;
  for (const part of [lists.year, lists.year && lists.month, lists.month && lists.day]) if (part) folder = folder ? `${folder}/${part}` : part;
  return folder;
}

function dateOf(lists: StaticListing): { yr: string; mo_num?: string; da?: string } {
  return { yr: lists.year!, ...(lists.month ? { mo_num: lists.month } : {}), ...(lists.month && lists.day ? { da: lists.day } : {}) };
}

/**
 * Every page of the core, in an order that keeps pages showing the same entries together (the blog's cache of
 * formatted bodies then serves a year's day, month and year pages from the reads its entry pages made): the
 * front page and categories, then year by year the entries, days, months and the year.
 */
export function corePages(blog: Blog, settings: RenderSettings, visible: readonly EntryRecord[], days: DayKeys): CorePage[] {
  const make = new CorePageMaker(blog, settings);
  const out: CorePage[] = [];
  make.listing({ category: "" }, "", out);
  for (const category of shownCategories(visible)) make.listing({ category }, "", out);

  const wantDays = settings.dateArchives.includes("day");
  const wantMonths = settings.dateArchives.includes("month");
  const wantYears = settings.dateArchives.includes("year");
  const seen = new Set<string>();
  // A year's date pages wait until its entry pages are listed: days first, then months, then the year.
  let dayListings: StaticListing[] = [];
  let otherListings: StaticListing[] = [];
  let year = "";
  const flushYear = (): void => {
    for (const lists of dayListings) make.listing(lists, year, out);
    for (const lists of otherListings) make.listing(lists, year, out);
    dayListings = [];
    otherListings = [];
  };
  let lastDay = "";
  // Newest first: a year's records, and a day's, are contiguous.
  for (const record of visible) {
    const day = days.of(record.date);
    const yr = day.slice(0, 4);
    if (yr !== year) {
      flushYear();
      year = yr;
    }
    make.entry(record.id, yr, out);
    if (day === lastDay && !settings.categoryArchives) continue;
    lastDay = day;
    const mo = day.slice(5, 7);
    const da = day.slice(8, 10);
    for (const category of settings.categoryArchives ? ["", ...ancestors(record.category)] : [""]) {
      const once = (key: string): boolean => !seen.has(key) && !!seen.add(key);
      if (wantDays && once(`${category}\0${day}`)) dayListings.push({ category, year: yr, month: mo, day: da });
      if (wantMonths && once(`${category}\0${yr}/${mo}`)) otherListings.push({ category, year: yr, month: mo });
      if (wantYears && once(`${category}\0${yr}`)) otherListings.push({ category, year: yr });
    }
  }
  flushYear();
  return out;
}

/** Whether plugins may add pages (or declare blog-wide data): without taps the core's pages are all there is. */
export function hasFilelistTaps(blog: Blog): boolean {
  return blog.hooks.staticrenderFilelist.taps.length > 0;
}

/** What plugins make of the core's pages: the whole list, and the blog-wide data they declared. */
export async function listAllUrls(blog: Blog, settings: RenderSettings, core: readonly CorePage[]): Promise<{ urls: readonly StaticUrl[]; siteInputs: Record<string, string> }> {
  const siteInputs: Record<string, string> = {};
  const info: StaticRenderInfo = {
    flavours: settings.flavours,
    entryFlavours: settings.entryFlavours,
    incremental: settings.incremental,
    drafts: settings.drafts,
    now: settings.now,
    addSiteInput: (plugin, value) => {
      siteInputs[String(plugin)] = String(value);
    },
  };
  if (!hasFilelistTaps(blog)) return { urls: core, siteInputs };
  const listed = await blog.hooks.staticrenderFilelist.promise(core, info);
  return { urls: Array.isArray(listed) ? listed : [], siteInputs };
}

/**
 * The URLs plugins added after the core's, when they kept the core's list as it was at its start (as taps
 * that return `[...list, ...added]` do); undefined when they changed it otherwise.
 */
export function addedAfterCore(urls: readonly StaticUrl[], core: readonly CorePage[]): readonly StaticUrl[] | undefined {
  if (urls.length < core.length) return undefined;
  for (let i = 0; i < core.length; i++) if (urls[i] !== core[i]) return undefined;
  return urls.slice(core.length);
}

/** Pages from URLs: checked, de-duplicated by file (what each declares merged), none shadowed by another. */
export function pagesOf(urls: readonly StaticUrl[], defaultFlavour: string): { pages: PlannedPage[]; warnings: string[] } {
  const warnings: string[] = [];
  const byFile = new Map<string, PlannedPage>();
  for (const url of urls) {
    let page: PlannedPage;
    if (url instanceof CorePage) {
      page = plannedCorePage(url);
    } else {
      if (!url || typeof url.path !== "string") {
        warnings.push(`a staticrenderFilelist tap returned ${JSON.stringify(url)}, not { path }`);
        continue;
      }
      const place = locatePage(url.path, defaultFlavour);
      if ("problem" in place) {
        warnings.push(`${url.path} ${place.problem}; not written`);
        continue;
      }
      if (place.file === MANIFEST_FILE) {
        warnings.push(`${url.path} is the render's manifest; not written`);
        continue;
      }
      page = pluginPage(url, place.requestPath, place.file);
    }
    const first = byFile.get(page.file);
    byFile.set(page.file, first ? merged(first, page) : page);
  }
  return { pages: dropShadowed(byFile, warnings), warnings };
}

/** A core page as planned: it declares what its place shows. */
export function plannedCorePage(page: CorePage): PlannedPage {
  return {
    path: page.path,
    requestPath: page.requestPath,
    file: page.file,
    dependsOn: page.dependsOn ?? [],
    lists: page.lists ? [page.lists] : [],
    dependsOnAll: false,
    entry: page.entry,
    group: page.group,
    origin: "core",
  };
}

function pluginPage(url: StaticUrl, requestPath: string, file: string): PlannedPage {
  const hasDeps = Array.isArray(url.dependsOn);
  const hasLists = isListing(url.lists);
  return {
    path: url.path,
    requestPath,
    file,
    dependsOn: hasDeps ? url.dependsOn! : [],
    lists: hasLists ? [url.lists!] : [],
    dependsOnAll: !hasDeps && !hasLists,
    entry: undefined,
    group: "",
    origin: "plugin",
  };
}

/** Two URLs for one file (say "/" and "/index.html") are one page that depends on what either declares. */
function merged(page: PlannedPage, other: PlannedPage): PlannedPage {
  const lists = [...page.lists];
  for (const l of other.lists) if (!lists.some((m) => sameListing(l, m))) lists.push(l);
  return {
    ...page,
    dependsOn: [...new Set([...page.dependsOn, ...other.dependsOn])],
    lists,
    dependsOnAll: page.dependsOnAll || other.dependsOnAll,
    entry: page.entry ?? other.entry,
    origin: page.origin === other.origin ? page.origin : "both",
    merged: true,
  };
}

function isListing(value: unknown): value is StaticListing {
  return typeof value === "object" && value !== null && typeof (value as StaticListing).category === "string";
}

function sameListing(a: StaticListing, b: StaticListing): boolean {
  return a.category === b.category && a.year === b.year && a.month === b.month && a.day === b.day;
}

/** A file cannot also be a folder: "/about" (file "about") and "/about/me.html" cannot both be written. */
function dropShadowed(byFile: ReadonlyMap<string, PlannedPage>, warnings: string[]): PlannedPage[] {
  const shadowed = new Map<string, PlannedPage>();
  for (const page of byFile.values()) {
    for (let slash = page.file.indexOf("/"); slash > 0; slash = page.file.indexOf("/", slash + 1)) {
      const folder = byFile.get(page.file.slice(0, slash));
      if (folder && !shadowed.has(folder.file)) shadowed.set(folder.file, page);
    }
  }
  for (const [file, inside] of shadowed) {
    warnings.push(`${byFile.get(file)!.path} would be the file ${file}, but ${inside.path} needs a folder of that name; not written`);
  }
  return shadowed.size ? [...byFile.values()].filter((page) => !shadowed.has(page.file)) : [...byFile.values()];
}

/** Every category with at least one of `records`, at any depth, sorted ("" left out). */
export function shownCategories(records: readonly EntryRecord[]): string[] {
  const own = new Set<string>();
  for (const record of records) own.add(record.category);
  const all = new Set<string>();
  for (const category of own) for (const c of ancestors(category)) all.add(c);
  return [...all].sort();
}

/** "a/b/c" → ["a", "a/b", "a/b/c"]; "" → []. */
export function ancestors(category: string): string[] {
  if (!category) return [];
  const out: string[] = [];
  for (let slash = category.indexOf("/"); slash > 0; slash = category.indexOf("/", slash + 1)) out.push(category.slice(0, slash));
  out.push(category);
  return out;
}
