import type { Blog, EntryRecord, StaticListing, StaticRenderInfo, StaticUrl } from "../../core";
import { dateParts } from "../../core/dates";
import { locatePage } from "./layout";
import { MANIFEST_FILE } from "./manifest";

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
}

export interface Plan {
  readonly pages: readonly PlannedPage[];
  readonly visible: readonly EntryRecord[];
  readonly siteInputs: Readonly<Record<string, string>>;
  /** URLs that cannot be written as files, and why. */
  readonly warnings: readonly string[];
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
 * Every page a reader can reach, in an order that keeps pages showing the same entries together (the blog's
 * cache of formatted bodies then serves a year's day, month and year pages from the reads its entry pages
 * made): the front page and categories, then year by year the entries, days, months and the year.
 */
export function corePages(
  blog: Blog,
  settings: RenderSettings,
  visible: readonly EntryRecord[],
  days: DayKeys,
): { urls: StaticUrl[]; entryPages: Map<string, string>; groups: Map<string, string> } {
  const { urls } = blog;
  const out: StaticUrl[] = [];
  const entryPages = new Map<string, string>();
  const groups = new Map<string, string>();
  let group = "";
  const push = (url: StaticUrl): void => {
    out.push(url);
    if (group) groups.set(url.path, group);
  };
  const listing = (category: string, date: { yr: string; mo_num?: string; da?: string } | undefined, lists: StaticListing): void => {
    for (const flavour of settings.flavours) push({ path: date ? urls.datePath(date, category, flavour) : urls.categoryPath(category, flavour), lists });
  };

  listing("", undefined, { category: "" });
  const categories = new Set<string>();
  for (const record of visible) for (const c of ancestors(record.category)) categories.add(c);
  for (const category of [...categories].sort()) listing(category, undefined, { category });

  const wantDays = settings.dateArchives.includes("day");
  const wantMonths = settings.dateArchives.includes("month");
  const wantYears = settings.dateArchives.includes("year");
  const seen = new Set<string>();
  // A year's date pages wait until its entry pages are listed: days first, then months, then the year.
  let dayPages: Array<() => void> = [];
  let otherPages: Array<() => void> = [];
  const flushYear = (): void => {
    for (const add of dayPages) add();
    for (const add of otherPages) add();
    dayPages = [];
    otherPages = [];
  };
  let year = "";
  let lastDay = "";
  // Newest first: a year's records, and a day's, are contiguous.
  for (const record of visible) {
    const day = days.of(record.date);
    const yr = day.slice(0, 4);
    if (yr !== year) {
      flushYear();
      year = group = yr;
    }
    for (const flavour of settings.entryFlavours) {
      const path = urls.entryPath(record.id, flavour);
      entryPages.set(path, record.id);
      push({ path, dependsOn: [record.id] });
    }
    if (day === lastDay && !settings.categoryArchives) continue;
    lastDay = day;
    const mo = day.slice(5, 7);
    const da = day.slice(8, 10);
    for (const category of settings.categoryArchives ? ["", ...ancestors(record.category)] : [""]) {
      const once = (key: string): boolean => !seen.has(key) && !!seen.add(key);
      if (wantDays && once(`${category}\0${day}`)) {
        dayPages.push(() => listing(category, { yr, mo_num: mo, da }, { category, year: yr, month: mo, day: da }));
      }
      if (wantMonths && once(`${category}\0${yr}/${mo}`)) {
        otherPages.push(() => listing(category, { yr, mo_num: mo }, { category, year: yr, month: mo }));
      }
      if (wantYears && once(`${category}\0${yr}`)) otherPages.push(() => listing(category, { yr }, { category, year: yr }));
    }
  }
  flushYear();
  return { urls: out, entryPages, groups };
}

/** The core's pages plus what `staticrenderFilelist` taps add, checked and de-duplicated by file. */
export async function planPages(blog: Blog, settings: RenderSettings, days: DayKeys = new DayKeys(blog.config.timezone)): Promise<Plan> {
  const visible = visibleRecords(blog, settings);
  const { urls: core, entryPages, groups } = corePages(blog, settings, visible, days);
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
  const listed = await blog.hooks.staticrenderFilelist.promise(core, info);
  const warnings: string[] = [];
  const byFile = new Map<string, PlannedPage>();
  for (const url of Array.isArray(listed) ? listed : []) {
    if (!url || typeof url.path !== "string") {
      warnings.push(`a staticrenderFilelist tap returned ${JSON.stringify(url)}, not { path }`);
      continue;
    }
    const place = locatePage(url.path, blog.config.default_flavour);
    if ("problem" in place) {
      warnings.push(`${url.path} ${place.problem}; not written`);
      continue;
    }
    if (place.file === MANIFEST_FILE) {
      warnings.push(`${url.path} is the render's manifest; not written`);
      continue;
    }
    const page = byFile.get(place.file);
    if (page) byFile.set(place.file, merged(page, url));
    else byFile.set(place.file, newPage(url, place.requestPath, place.file, entryPages.get(url.path), groups.get(url.path) ?? ""));
  }
  return { pages: dropShadowed(byFile, warnings), visible, siteInputs, warnings };
}

function newPage(url: StaticUrl, requestPath: string, file: string, entry: string | undefined, group: string): PlannedPage {
  const hasDeps = Array.isArray(url.dependsOn);
  const hasLists = isListing(url.lists);
  return {
    path: url.path,
    requestPath,
    file,
    dependsOn: hasDeps ? url.dependsOn! : [],
    lists: hasLists ? [url.lists!] : [],
    dependsOnAll: !hasDeps && !hasLists,
    entry,
    group,
  };
}

/** Two URLs for one file (say "/" and "/index.html") are one page that depends on what either declares. */
function merged(page: PlannedPage, url: StaticUrl): PlannedPage {
  const other = newPage(url, page.requestPath, page.file, page.entry, page.group);
  const lists = [...page.lists];
  for (const l of other.lists) if (!lists.some((m) => sameListing(l, m))) lists.push(l);
  return {
    ...page,
    dependsOn: [...new Set([...page.dependsOn, ...other.dependsOn])],
    lists,
    dependsOnAll: page.dependsOnAll || other.dependsOnAll,
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
  return [...byFile.values()].filter((page) => !shadowed.has(page.file));
}

/** "a/b/c" → ["a", "a/b", "a/b/c"]; "" → []. */
export function ancestors(category: string): string[] {
  if (!category) return [];
  const parts = category.split("/");
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}
