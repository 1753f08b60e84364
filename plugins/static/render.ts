import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import type { Blog, LogLevel } from "../../core";
import { idOf } from "../../core/entries/entry-index";
import { walkDatadir } from "../../core/entries/walk";
import { packageInfo } from "../../core/package-root";
import { startBackend } from "./backends";
import { contentTypeWarnings } from "./content-types";
import { isAffected, touchedEntries } from "./changes";
import { globalKeys, pageWidePlugins, structureKey } from "./fingerprint";
import {
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
import { DayKeys, planPages, type Plan, type PlannedPage, type RenderSettings } from "./plan";
import type { Progress } from "./progress";
import { collectErrors } from "./render-log";
import type { PageOutcome, PageRenderOptions } from "./render-page";
import { copyStaticDir, type StaticCopyResult } from "./static-copy";
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
  for (const [file, why] of await unreadableEntries(blog)) failures.add(file, why);

  const previous = readPrevious(run.outDir, blog.config.timezone);
  const plan = await planPages(blog, run, previous.days);
  const keys = inputKeys(blog, plan);
  const work = decide(blog, run, plan, previous, keys);
  if (work.toRender.length || work.stale.length) {
    // Until this run's manifest is written, the journal says which pages it owes.
    const owed = new Map<string, string>(previous.owed.map(([path, file]) => [file, path]));
    for (const page of work.toRender) owed.set(page.file, page.path);
    writeJournal(run.outDir, [...owed].map(([file, path]) => [path, file]));
  }

  const options: PageRenderOptions = { now: run.now, drafts: run.drafts, outDir: run.outDir, compare: run.incremental };
  const rendering = renderPages(blog, run, io, plan, work.toRender, options, failures);
  // Synchronous, so it runs while worker threads start and render.
  const copied = copyStaticDir(blog.config.static_dir, run.outDir, previous.manifest?.static ?? [], run.incremental);
  for (const failure of copied.failures) failures.add("static_dir", failure);
  const rendered = await rendering;
  failures.addOnce(rendered.problems);
  const deleted = deleteStale(run.outDir, work.stale, (path) => io.onFile?.("deleted", blog.urls.link(path)), failures);

  if (work.toRender.length || work.stale.length || copied.copied || copied.deleted) {
    writeFinalManifest(blog, run, plan, keys, previous, rendered, copied);
  }
  return {
    pages: plan.pages.length,
    rendered: work.toRender.length,
    ...rendered.counts,
    skipped: plan.pages.length - work.toRender.length,
    deleted,
    failed: failures.lines.length,
    staticFiles: { copied: copied.copied, unchanged: copied.unchanged, deleted: copied.deleted },
    failures: failures.lines,
    warnings: [...plan.warnings, ...rendered.warnings, ...contentTypeWarnings(rendered.outcomes)],
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
  /** Its pages by file, with the pages an interrupted run still owed marked as owed. */
  readonly pages: Map<string, PageTuple>;
  /** [path, file] of the pages an interrupted run owed. */
  readonly owed: ReadonlyArray<readonly [string, string]>;
  /** Entry days it computed (in this time zone), so this run need not ask Intl again. */
  readonly days: DayKeys;
}

function readPrevious(outDir: string, timeZone: string): Previous {
  const found = readManifest(outDir);
  const manifest = "problem" in found ? undefined : found;
  const pages = new Map<string, PageTuple>();
  for (const page of manifest?.pages ?? []) {
    const [path, file] = page;
    pages.set(file || defaultFile(path, manifest!.defaultFlavour), page);
  }
  const owed = readJournal(outDir);
  for (const [path, file] of owed) {
    const page = pages.get(file) ?? [path, file, 0, 0, PAGE.ALL];
    pages.set(file, [page[0], page[1], page[2], page[3], page[4] | PAGE.OWED]);
  }
  const days = new DayKeys(timeZone);
  if (manifest?.timeZone === timeZone) for (const t of manifest.entries) if (t[6]) days.remember(t[4], t[6]);
  return { manifest, problem: "problem" in found ? found.problem : undefined, pages, owed, days };
}

/**
 * Fingerprints of what every page depends on besides the entries. Plugins that show blog-wide data without
 * declaring it make the entries' titles, dates and metadata one of them.
 */
function inputKeys(blog: Blog, plan: Plan): Record<string, string> {
  const keys = globalKeys(blog);
  const undeclared = pageWidePlugins(blog).filter((name) => !(name in plan.siteInputs));
  if (undeclared.length) keys[`the entries' titles, dates and metadata (shown on every page by ${undeclared.join(", ")})`] = structureKey(plan.visible);
  return keys;
}

interface Work {
  readonly mode: string;
  readonly toRender: readonly PlannedPage[];
  /** Pages of the last run that no longer exist. */
  readonly stale: ReadonlyArray<readonly [path: string, file: string]>;
}

/** Which pages to render, and why: everything, or what the changed entries affect (plus pages still owed). */
function decide(blog: Blog, run: RenderRun, plan: Plan, previous: Previous, keys: Record<string, string>): Work {
  const planned = new Set(plan.pages.map((p) => p.file));
  const stale = [...previous.pages].filter(([file]) => !planned.has(file)).map(([file, page]): [string, string] => [page[0], file]);
  const everything = !run.incremental ? "full render" : (previous.problem ?? whyEverything(previous.manifest!, keys, plan.siteInputs));
  if (everything) {
    return { mode: run.incremental ? `incremental, but ${everything}: rendering every page` : everything, toRender: plan.pages, stale };
  }
  const visibility = { now: run.now.getTime(), drafts: run.drafts, future: blog.config.show_future_entries };
  const touched = touchedEntries(previous.manifest!, blog.entries.all(), visibility, previous.days);
  const toRender = plan.pages.filter((page) => {
    const before = previous.pages.get(page.file);
    return !before || (before[4] & PAGE.OWED) !== 0 || isAffected(page, before, touched);
  });
  const changed = new Set(touched.map((t) => t.id)).size;
  return { mode: `incremental: ${changed} entr${changed === 1 ? "y" : "ies"} changed`, toRender, stale };
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
  plan: Plan,
  pages: readonly PlannedPage[],
  options: PageRenderOptions,
  failures: Failures,
): Promise<Rendered> {
  const outcomes = new Map<string, PageOutcome>();
  const counts = { written: 0, unchanged: 0, absent: 0 };
  const failedEntries = new Set<string>();
  const problems: Array<[string, string]> = [];
  const warnings: string[] = [];
  if (pages.length === 0) return { outcomes, counts, failedEntries, problems, warnings, backend: "nothing to render" };

  const byFile = new Map(plan.pages.map((p): [string, PlannedPage] => [p.file, p]));
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
      io.progress.advance();
    },
  );
  await backend.close();
  io.progress.stop();
  return { outcomes, counts, failedEntries, problems, warnings, backend: backend.description };
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

/** The manifest of this run: every planned page with what it depends on, and what it was made from. */
function writeFinalManifest(blog: Blog, run: RenderRun, plan: Plan, keys: Record<string, string>, previous: Previous, rendered: Rendered, copied: StaticCopyResult): void {
  const { default_flavour: defaultFlavour, timezone } = blog.config;
  const pages = plan.pages.map((page): PageTuple => {
    const outcome = rendered.outcomes.get(page.file);
    const before = previous.pages.get(page.file)?.[4] ?? 0;
    const owed = outcome ? outcome.outcome === "failed" || !!outcome.problems?.length : (before & PAGE.OWED) !== 0;
    const noFile = outcome ? outcome.outcome === "absent" : (before & PAGE.NO_FILE) !== 0;
    const flags = (page.dependsOnAll ? PAGE.ALL : 0) | (owed ? PAGE.OWED : 0) | (noFile ? PAGE.NO_FILE : 0);
    const file = page.file === defaultFile(page.path, defaultFlavour) ? "" : page.file;
    return [page.path, file, page.dependsOn.length ? page.dependsOn : 0, page.lists.length ? page.lists.map(listingKey) : 0, flags];
  });
  writeManifest(run.outDir, {
    generator: `Blossom ${packageInfo().version}`,
    keys,
    siteInputs: plan.siteInputs,
    now: run.now.getTime(),
    timeZone: timezone,
    drafts: run.drafts,
    future: blog.config.show_future_entries,
    entries: blog.entries.all().map((record) => entryTuple(record, previous.days.of(record.date))),
    failedEntries: [...rendered.failedEntries],
    pages,
    defaultFlavour,
    static: copied.files,
  });
  removeJournal(run.outDir);
}

/**
 * Entry files the index could not read (a parse error, a bad front matter): each is read again, so its error
 * is reported now (and on every run until it is fixed), naming the file.
 */
async function unreadableEntries(blog: Blog): Promise<Array<[string, string]>> {
  const { files } = await walkDatadir(blog.config.datadir, blog.entries.walk);
  const failures: Array<[string, string]> = [];
  for (const file of files) {
    if (blog.entries.get(idOf(file))) continue;
    const { value, errors } = await collectErrors(() => blog.entries.refreshFile(file));
    if (value === "added") continue;
    failures.push([relative(blog.config.root, join(blog.config.datadir, file)), errors.join("; ") || "cannot be read"]);
  }
  return failures;
}
