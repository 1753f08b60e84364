import { availableParallelism } from "node:os";
import { statSync } from "node:fs";
import { join, relative } from "node:path";
import type { Blog, EntryRecord, LogLevel, StaticUrl } from "../../core";
import { idOf } from "../../core/entries/entry-index";
import { listFolder, walkDatadir } from "../../core/entries/walk";
import { packageInfo } from "../../core/package-root";
import { encodePath } from "../../core/urls";
import { startBackend } from "./backends";
import { contentTypeWarnings } from "./content-types";
import { isAffected, touchedEntries, type TouchedEntry } from "./changes";
import { globalKeys, pageWidePlugins, structureKey } from "./fingerprint";
import {
  coreFiles,
  defaultFile,
  entryTuple,
  listingKey,
  PAGE,
  readJournal,
  readManifest,
  removeJournal,
  writeJournal,
  writeManifest,
  type Manifest,
  type PageTuple,
} from "./manifest";
import { assertSafeOutput } from "./layout";
import {
  addedAfterCore,
  corePages,
  DayKeys,
  hasFilelistTaps,
  isPlainCorePage,
  layoutKey,
  listAllUrls,
  pagesOf,
  visibleRecords,
  type CorePage,
  type PlannedPage,
  type RenderSettings,
} from "./plan";
import type { Progress } from "./progress";
import { collectErrors } from "./render-log";
import type { PageOutcome, PageRenderOptions } from "./render-page";
import { copyStaticDir, type StaticCopyResult } from "./static-copy";
import { targetedPlan } from "./targeted";
import { removeFileAndEmptyParents } from "./write";

/** One `blossom render`: the settings, where to write, and how many threads ("auto": decide). */
export interface RenderRun extends RenderSettings {
  readonly outDir: string;
  readonly jobs: number | "auto";
}

/** What the owner sees while the render runs. */
export interface RenderIo {
  readonly progress: Progress;
  /** Called with each URL (mount included) whose file was written or deleted: `--verbose` prints them. */
  readonly onFile?: (what: "written" | "deleted", link: string) => void;
  /** Where the warnings and errors of worker threads go. */
  readonly onLog: (level: LogLevel, line: string) => void;
}

export interface RenderReport {
  /** Pages the blog has (after de-duplication). */
  readonly pages: number;
  readonly rendered: number;
  readonly written: number;
  /** Rendered, but the file already held the same bytes. */
  readonly unchanged: number;
  /** Not affected by what changed, so not rendered. */
  readonly skipped: number;
  /** Answered 404 (a plugin URL that leads nowhere): no file. */
  readonly absent: number;
  /** Files of pages that no longer exist, removed. */
  readonly deleted: number;
  readonly failed: number;
  readonly staticFiles: { readonly copied: number; readonly unchanged: number; readonly deleted: number };
  /** "who: why" for every failure (entry files are named by their path under the blog's folder). */
  readonly failures: readonly string[];
  readonly warnings: readonly string[];
  /** Why this run renders what it renders, e.g. "incremental: 2 entries changed". */
  readonly mode: string;
  readonly backend: string;
  readonly seconds: number;
}

/** Below this many pages, starting worker threads costs more than it saves. */
const WORKER_THRESHOLD = 400;

/**
 * Renders the blog into `run.outDir` through `blog.handle`, one fixed `now` for every page. The blog must be
 * booted with a render logger (see render-log.ts) and its index open.
 */
export async function renderSite(blog: Blog, run: RenderRun, io: RenderIo): Promise<RenderReport> {
  const started = performance.now();
  assertSafeOutput(blog, run.outDir);
  const failures = new Failures(io.progress);
  const previous = readPrevious(run.outDir, blog.config.timezone);
  const folders = datadirFolders(blog);
  const unreadable = await unreadableEntries(blog, run.incremental ? previous.manifest : undefined, folders);
  for (const [file, why] of unreadable.failures) failures.add(file, why);
  const work = await planWork(blog, run, previous);
  if (work.toRender.length || work.stale.length) {
    // Until this run's manifest is written, the journal says which pages it owes.
    const owed = new Map<string, string>(previous.owed.map(([path, file]) => [file, path]));
    for (const page of work.toRender) owed.set(page.file, page.path);
    writeJournal(run.outDir, [...owed].map(([file, path]) => [path, file]));
  }

  const options: PageRenderOptions = { now: run.now, drafts: run.drafts, outDir: run.outDir, compare: run.incremental };
  const rendering = renderPages(blog, run, io, work.toRender, options, failures);
  // Synchronous, so it runs while worker threads start and render.
  const copied = copyStaticDir(blog.config.static_dir, run.outDir, previous.manifest?.static ?? [], run.incremental);
  for (const failure of copied.failures) failures.add("static_dir", failure);
  const rendered = await rendering;
  failures.addOnce(rendered.problems);
  const deleted = deleteStale(run.outDir, work.stale, (path) => io.onFile?.("deleted", blog.urls.link(path)), failures);

  if (work.toRender.length || work.stale.length || copied.copied || copied.deleted) {
    writeFinalManifest(blog, run, work, previous, rendered, copied, { folders, unreadable: unreadable.files });
  }
  return {
    pages: work.pageCount,
    rendered: work.toRender.length,
    ...rendered.counts,
    skipped: work.pageCount - work.toRender.length,
    deleted,
    failed: failures.lines.length,
    staticFiles: { copied: copied.copied, unchanged: copied.unchanged, deleted: copied.deleted },
    failures: failures.lines,
    warnings: [...work.warnings, ...rendered.warnings, ...contentTypeWarnings(rendered.outcomes)],
    mode: work.mode,
    backend: rendered.backend,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Failure lines, "who: why", each printed at once as `FAIL who: why`. */
class Failures {
  readonly lines: string[] = [];

  constructor(private readonly progress: Progress) {}

  /** `why` is cut to its first line: a YAML error, say, quotes the file below it. */
  add(who: string, why: string): void {
    const line = `${who}: ${firstLine(why)}`;
    this.lines.push(line);
    this.progress.line(`FAIL ${line}`);
  }

  /** Adds each problem whose reason was not reported yet (a listing says what its failed entry's page said). */
  addOnce(problems: ReadonlyArray<readonly [string, string]>): void {
    const said = new Set(this.lines.map((line) => line.slice(line.indexOf(": ") + 2)));
    for (const [who, why] of problems) {
      if (said.has(firstLine(why))) continue;
      said.add(firstLine(why));
      this.add(who, why);
    }
  }
}

const firstLine = (text: string): string => text.split("\n")[0]!.trim();

/** What the last run left in the output folder. */
interface Previous {
  readonly manifest: Manifest | undefined;
  /** Why there is no usable manifest. */
  readonly problem: string | undefined;
  /** [path, file] of the pages it still owes: they failed, or an interrupted run did not get to them. */
  readonly owed: ReadonlyArray<readonly [string, string]>;
  /** Entry days it computed (in this time zone), so this run need not ask Intl again. */
  readonly days: DayKeys;
}

function readPrevious(outDir: string, timeZone: string): Previous {
  const found = readManifest(outDir);
  const manifest = "problem" in found ? undefined : found;
  const journal = readJournal(outDir);
  const days = new DayKeys(timeZone);
  if (manifest?.timeZone === timeZone) for (const t of manifest.entries) if (t[6]) days.remember(t[4], t[6]);
  return {
    manifest,
    problem: "problem" in found ? found.problem : undefined,
    owed: [...(manifest?.owed ?? []), ...journal],
    days,
  };
}

/** What this run does, and what its manifest will say about the blog's pages. */
interface Work {
  readonly mode: string;
  readonly toRender: readonly PlannedPage[];
  /** Pages of the last run that no longer exist: [path, file]. */
  readonly stale: ReadonlyArray<readonly [string, string]>;
  /** Pages the blog has. */
  readonly pageCount: number;
  readonly warnings: readonly string[];
  readonly keys: Record<string, string>;
  readonly siteInputs: Readonly<Record<string, string>>;
  /** The files of the pages only the core lists, one a line. */
  core(): string;
  /** Every other page. */
  readonly extras: readonly PlannedPage[];
}

/**
 * Which pages to render and delete, and why. An incremental run with nothing blog-wide changed is planned from
 * the changed entries (see targeted.ts); anything else — a full render, a changed template or config, another
 * page layout, pages owed by an earlier run — lists every page and compares it with the last run's.
 */
async function planWork(blog: Blog, run: RenderRun, previous: Previous): Promise<Work> {
  const visible = visibleRecords(blog, run);
  // Plugins are asked for their pages (and blog-wide data) with the core's full list, when there are plugins to ask.
  let core: CorePage[] | undefined;
  let urls: readonly StaticUrl[] | undefined;
  let siteInputs: Record<string, string> = {};
  if (hasFilelistTaps(blog)) {
    core = corePages(blog, run, visible, previous.days);
    ({ urls, siteInputs } = await listAllUrls(blog, run, core));
  }
  const keys = inputKeys(blog, visible, siteInputs);
  const everything = !run.incremental ? "full render" : (previous.problem ?? whyEverything(previous.manifest!, keys, siteInputs));
  const settled = { keys, siteInputs };
  const touched = everything ? [] : touchedEntries(previous.manifest!, blog.entries.all(), visibilityOf(blog, run), previous.days);
  const mode = everything
    ? run.incremental
      ? `incremental, but ${everything}: rendering every page`
      : everything
    : `incremental: ${changedCount(touched)} entr${changedCount(touched) === 1 ? "y" : "ies"} changed`;

  const manifest = previous.manifest;
  if (!everything && manifest && previous.owed.length === 0 && manifest.layout === layoutKey(run) && manifest.defaultFlavour === blog.config.default_flavour) {
    const extras = core && urls ? addedAfterCore(urls, core) : [];
    const targeted = extras && targetedPlan(blog, run, manifest, visible, previous.days, touched, extras);
    if (targeted) return { mode, ...targeted, ...settled, core: () => targeted.core };
  }

  core ??= corePages(blog, run, visible, previous.days);
  const { pages, warnings } = pagesOf(urls ?? core, blog.config.default_flavour);
  const before = previousPages(previous);
  const planned = new Set(pages.map((p) => p.file));
  const stale = [...before.paths].filter(([file]) => !planned.has(file)).map(([file, path]): [string, string] => [path, file]);
  const owed = new Set(previous.owed.map(([, file]) => file));
  const toRender = everything
    ? pages
    : pages.filter((page) => {
        if (!before.paths.has(page.file) || owed.has(page.file)) return true;
        const extra = before.extras.get(page.file);
        // A page that changed hands (a plugin's now, the core's alone before, or the other way round) is new.
        return isPlainCorePage(page) !== !extra || isAffected(page, extra, touched);
      });
  return {
    mode,
    toRender,
    stale,
    pageCount: pages.length,
    warnings,
    ...settled,
    core: () => pages.filter(isPlainCorePage).map((p) => p.file).join("\n"),
    extras: pages.filter((p) => !isPlainCorePage(p)),
  };
}

function visibilityOf(blog: Blog, run: RenderRun): { now: number; drafts: boolean; future: boolean } {
  return { now: run.now.getTime(), drafts: run.drafts, future: blog.config.show_future_entries };
}

const changedCount = (touched: readonly TouchedEntry[]): number => new Set(touched.map((t) => t.id)).size;

/** The last run's pages by file: every one's path, and the declarations of those plugins list. */
function previousPages(previous: Previous): { paths: Map<string, string>; extras: Map<string, PageTuple> } {
  const paths = new Map<string, string>();
  const extras = new Map<string, PageTuple>();
  const manifest = previous.manifest;
  if (manifest) {
    const fileFlavour = manifest.defaultFlavour;
    for (const file of coreFiles(manifest)) paths.set(file, pathOfCoreFile(file, fileFlavour));
    for (const tuple of manifest.pages) {
      const file = tuple[1] || defaultFile(tuple[0], fileFlavour);
      paths.set(file, tuple[0]);
      extras.set(file, tuple);
    }
  }
  for (const [path, file] of previous.owed) if (!paths.has(file)) paths.set(file, path);
  return { paths, extras };
}

/** The URL path of a core page's file: "a/index.html" → "/a/" (html the default flavour), "a/b.rss" → "/a/b.rss". */
function pathOfCoreFile(file: string, defaultFlavour: string): string {
  const index = `index.${defaultFlavour}`;
  if (file === index) return "/";
  return file.endsWith(`/${index}`) ? `/${encodePath(file.slice(0, -index.length))}` : `/${encodePath(file)}`;
}

/**
 * Fingerprints of what every page depends on besides the entries. Plugins that show blog-wide data without
 * declaring it make the entries' titles, dates and metadata one of them.
 */
function inputKeys(blog: Blog, visible: readonly EntryRecord[], siteInputs: Readonly<Record<string, string>>): Record<string, string> {
  const keys = globalKeys(blog);
  // A category named like a year ("2024", "notes/2024") takes over date URLs below it in the dynamic blog.
  const yearLike = blog.entries.categories().filter((c) => c.split("/").some((segment) => /^\d{4}$/.test(segment)));
  if (yearLike.length) keys["the categories named like a year"] = yearLike.join("\n");
  const undeclared = pageWidePlugins(blog).filter((name) => !(name in siteInputs));
  if (undeclared.length) keys[`the entries' titles, dates and metadata (shown on every page by ${undeclared.join(", ")})`] = structureKey(visible);
  return keys;
}

/** The reason an incremental run must render every page, or "" when it need not. */
function whyEverything(previous: Manifest, keys: Record<string, string>, siteInputs: Record<string, string>): string {
  for (const name of new Set([...Object.keys(keys), ...Object.keys(previous.keys)])) {
    if (keys[name] !== previous.keys[name]) return `${name} changed`;
  }
  for (const name of new Set([...Object.keys(siteInputs), ...Object.keys(previous.siteInputs)])) {
    if (siteInputs[name] !== previous.siteInputs[name]) return `the blog-wide data of plugin "${name}" changed`;
  }
  return "";
}

interface Rendered {
  readonly outcomes: ReadonlyMap<string, PageOutcome>;
  /** [path, file] of pages that failed or logged errors: the next run owes them. */
  readonly owed: ReadonlyArray<readonly [string, string]>;
  readonly counts: { written: number; unchanged: number; absent: number };
  readonly failedEntries: ReadonlySet<string>;
  /** [page, reason] of pages other than entries' own that failed or logged errors. */
  readonly problems: ReadonlyArray<readonly [string, string]>;
  readonly warnings: readonly string[];
  readonly backend: string;
}

/** Renders the pages on the threads the job deserves, reporting progress, failures and written files. */
async function renderPages(
  blog: Blog,
  run: RenderRun,
  io: RenderIo,
  pages: readonly PlannedPage[],
  options: PageRenderOptions,
  failures: Failures,
): Promise<Rendered> {
  const outcomes = new Map<string, PageOutcome>();
  const owed: Array<[string, string]> = [];
  const counts = { written: 0, unchanged: 0, absent: 0 };
  const failedEntries = new Set<string>();
  const problems: Array<[string, string]> = [];
  const warnings: string[] = [];
  if (pages.length === 0) return { outcomes, owed, counts, failedEntries, problems, warnings, backend: "nothing to render" };

  const byFile = new Map(pages.map((p): [string, PlannedPage] => [p.file, p]));
  const entryFile = (id: string): string => relative(blog.config.root, join(blog.config.datadir, blog.entries.get(id)?.file ?? id));
  const backend = await startBackend(blog, threadsFor(run, pages.length), options, io.onLog);
  io.progress.start(pages.length);
  await backend.run(
    pages.map((p) => ({ requestPath: p.requestPath, file: p.file, group: p.group })),
    (outcome) => {
      outcomes.set(outcome.file, outcome);
      const page = byFile.get(outcome.file)!;
      if (outcome.outcome === "failed" && page.entry) {
        failedEntries.add(page.entry);
        failures.add(entryFile(page.entry), outcome.reason ?? "failed");
      } else if (outcome.outcome === "failed") {
        problems.push([page.path, outcome.reason ?? "failed"]);
      } else {
        counts[outcome.outcome]++;
        if (outcome.outcome === "written") io.onFile?.("written", blog.urls.link(page.path));
        if (outcome.outcome === "absent" && !page.entry) warnings.push(`${page.path}: ${outcome.reason}; not written`);
      }
      for (const problem of outcome.problems ?? []) problems.push([page.path, problem]);
      if (outcome.outcome === "failed" || outcome.problems?.length) owed.push([page.path, page.file]);
      io.progress.advance();
    },
  );
  await backend.close();
  io.progress.stop();
  return { outcomes, owed, counts, failedEntries, problems, warnings, backend: backend.description };
}

/** How many threads render: one for small jobs (a thread costs more to start than it saves), else one a core. */
function threadsFor(run: RenderRun, pages: number): number {
  if (run.jobs !== "auto") return run.jobs;
  return pages < WORKER_THRESHOLD ? 1 : availableParallelism();
}

/** Removes the files of pages that no longer exist; returns how many were there. */
function deleteStale(outDir: string, stale: Work["stale"], onDeleted: (path: string) => void, failures: Failures): number {
  let deleted = 0;
  for (const [path, file] of stale) {
    try {
      if (removeFileAndEmptyParents(outDir, join(outDir, file))) {
        deleted++;
        onDeleted(path);
      }
    } catch (error) {
      failures.add(path, `cannot remove ${file}: ${(error as Error).message}`);
    }
  }
  return deleted;
}

/** The manifest of this run: the blog's pages, what plugins' pages depend on, and what they were made from. */
function writeFinalManifest(
  blog: Blog,
  run: RenderRun,
  work: Work,
  previous: Previous,
  rendered: Rendered,
  copied: StaticCopyResult,
  datadir: Pick<Manifest, "folders" | "unreadable">,
): void {
  const { default_flavour: defaultFlavour, timezone } = blog.config;
  const pages = work.extras.map((page): PageTuple => {
    const flags = (page.dependsOnAll ? PAGE.ALL : 0) | (page.origin !== "plugin" ? PAGE.CORE : 0);
    const file = page.file === defaultFile(page.path, defaultFlavour) ? "" : page.file;
    return [page.path, file, page.dependsOn.length ? page.dependsOn : 0, page.lists.length ? page.lists.map(listingKey) : 0, flags];
  });
  writeManifest(run.outDir, {
    generator: `Blossom ${packageInfo().version}`,
    keys: work.keys,
    siteInputs: work.siteInputs,
    now: run.now.getTime(),
    timeZone: timezone,
    drafts: run.drafts,
    future: blog.config.show_future_entries,
    layout: layoutKey(run),
    entries: blog.entries.all().map((record) => entryTuple(record, previous.days.of(record.date))),
    failedEntries: [...rendered.failedEntries],
    ...datadir,
    core: work.core(),
    pages,
    owed: rendered.owed,
    defaultFlavour,
    static: copied.files,
  });
  removeJournal(run.outDir);
}

/**
 * Entry files the index could not read (a parse error, a bad front matter): each is read again, so its error
 * is reported now (and on every run until it is fixed), naming the file. After a render that left a manifest,
 * only files that can have become unreadable since are looked at — the ones unreadable then, entries the index
 * has lost, and the files of folders whose mtime changed (added or renamed files) — instead of every folder.
 */
async function unreadableEntries(
  blog: Blog,
  previous: Manifest | undefined,
  folders: ReadonlyArray<readonly [string, number]>,
): Promise<{ failures: Array<[string, string]>; files: string[] }> {
  const { datadir } = blog.config;
  const failures: Array<[string, string]> = [];
  const files: string[] = [];
  for (const file of previous ? await filesToCheck(blog, previous, folders) : (await walkDatadir(datadir, blog.entries.walk)).files) {
    if (blog.entries.get(idOf(file))) continue;
    if (previous && !statSync(join(datadir, file), { throwIfNoEntry: false })?.isFile()) continue; // removed
    const { value, errors } = await collectErrors(() => blog.entries.refreshFile(file));
    if (value === "added") continue;
    files.push(file);
    failures.push([relative(blog.config.root, join(datadir, file)), errors.join("; ") || "cannot be read"]);
  }
  return { failures, files };
}

async function filesToCheck(blog: Blog, previous: Manifest, folders: ReadonlyArray<readonly [string, number]>): Promise<string[]> {
  const files = new Set(previous.unreadable);
  for (const t of previous.entries) if (!blog.entries.get(t[0])) files.add(`${t[0]}.${t[1]}`);
  const then = new Map(previous.folders);
  for (const [folder, mtime] of folders) {
    if (then.get(folder) === mtime) continue;
    for (const file of (await listFolder(blog.config.datadir, folder, blog.entries.walk)).files) files.add(file);
  }
  return [...files];
}

/** The folders of datadir the index walks, with their mtimes: [folder, mtime]. */
function datadirFolders(blog: Blog): Array<[string, number]> {
  const { datadir } = blog.config;
  return blog.entries.categories().map((folder): [string, number] => [folder, statSync(folder ? join(datadir, folder) : datadir, { throwIfNoEntry: false })?.mtimeMs ?? -1]);
}
