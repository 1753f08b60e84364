import { relative, resolve } from "node:path";
import { BlossomError, bootBlog, openIndex, type Blog, type BlogApi, type CommandContext } from "../../core";
import { cacheDirFor } from "../../core/cache-dir";
import { checkOptions, hasFlag, optionValue } from "../../core/cli-args";
import { assertSafeOutput } from "./layout";
import { pageCount, readManifest } from "./manifest";
import type { DateLevel } from "./plan";
import { count, createProgress } from "./progress";
import { renderSite, type RenderReport } from "./render";
import { collectErrors, createRenderLogger } from "./render-log";
import { renderWorkerSetup, serveRenderJobs } from "./worker";

/** The static plugin's options, as config.yaml gives them (validated). */
export interface StaticOptions {
  readonly out: string;
  readonly flavours?: readonly string[] | undefined;
  readonly entry_flavours?: readonly string[] | undefined;
  readonly date_archives: readonly DateLevel[];
  readonly category_archives: boolean;
  readonly jobs: "auto" | number;
}

const KNOWN = ["out", "incremental", "flavours", "entry-flavours", "drafts", "jobs", "verbose"];

/** `blossom render`; in a render worker thread, the same command serves the main thread's jobs instead. */
export async function runRenderCommand(ctx: CommandContext, options: StaticOptions, usage: string): Promise<number> {
  const worker = renderWorkerSetup();
  if (worker) {
    await ctx.blog.close();
    return serveRenderJobs(worker);
  }

  checkOptions(ctx.args, KNOWN, usage);
  const { config } = ctx.blog;
  const outOption = optionValue(ctx.args, "out");
  const outDir = outOption !== undefined ? resolve(process.cwd(), outOption) : resolve(config.root, options.out);
  const flavours = listOption(ctx.args, "flavours") ?? options.flavours ?? ctx.blog.flavours.names().filter((n) => n !== "error");
  const entryFlavours = listOption(ctx.args, "entry-flavours") ?? options.entry_flavours ?? [config.default_flavour];
  checkFlavours(ctx.blog, [...flavours, ...entryFlavours]);
  const jobs = jobsOption(ctx.args) ?? options.jobs;
  const now = renderMoment(process.env);

  const progress = createProgress(ctx.stderr, process.env);
  const onLog = (_level: string, line: string): void => progress.line(line);
  // A blog of our own, booted with a logger that ties error lines to the page being rendered.
  const blog = await bootBlog({ configPath: config.file, configCache: true, log: createRenderLogger(config.log_level, onLog) });
  try {
    // Entries the index cannot read are reported (once, by file) by the render itself.
    await collectErrors(() => openIndex(blog, { watch: false, cacheDir: cacheDirFor(config.file), sweepAfterMs: 0 }));
    const report = await renderSite(
      blog,
      {
        outDir,
        now,
        drafts: hasFlag(ctx.args, "drafts"),
        incremental: hasFlag(ctx.args, "incremental"),
        flavours,
        entryFlavours,
        dateArchives: options.date_archives,
        categoryArchives: options.category_archives,
        jobs,
      },
      {
        progress,
        onLog,
        ...(hasFlag(ctx.args, "verbose") ? { onFile: (what: string, link: string) => progress.line(`${what} ${link}`, ctx.stdout) } : {}),
      },
    );
    for (const warning of report.warnings) ctx.stderr.write(`warn blossom:static: ${warning}\n`);
    ctx.stdout.write(`${summaryLine(report, shownPath(outDir))}\n`);
    if (report.failures.length) {
      const failed = new BlossomError(
        "BLOSSOM_ERR_STATIC_RENDER",
        `${report.failures.length} failure${report.failures.length === 1 ? "" : "s"} (the FAIL lines above); every other page was written`,
      );
      ctx.stderr.write(`blossom: ${failed.describe()}\n`);
      return failed.exitCode;
    }
    return 0;
  } finally {
    await blog.close();
    await ctx.blog.close();
  }
}

/** What `blossom check` says about the output folder: where renders go, and the last one there. */
export function describeOutput(blog: BlogApi, options: StaticOptions): { level: "ok" | "fail"; message: string } {
  const outDir = resolve(blog.config.root, options.out);
  try {
    assertSafeOutput(blog, outDir);
  } catch (error) {
    return { level: "fail", message: (error as Error).message };
  }
  const found = readManifest(outDir);
  const last = "problem" in found ? "not rendered there yet" : `last render ${new Date(found.now).toISOString()}, ${count(pageCount(found))} pages`;
  return { level: "ok", message: `blossom render writes to ${outDir} (${last})` };
}

/** "Rendered 57 of 31,234 pages to public/ in 0.4 s (incremental: 1 entry changed): 3 written, …". */
export function summaryLine(report: RenderReport, out: string): string {
  const what = report.rendered === report.pages ? `${count(report.pages)} pages` : `${count(report.rendered)} of ${count(report.pages)} pages`;
  const staticPart = report.staticFiles.copied || report.staticFiles.deleted ? `; static files: ${count(report.staticFiles.copied)} copied, ${count(report.staticFiles.deleted)} deleted` : "";
  return (
    `Rendered ${what} to ${out} in ${report.seconds.toFixed(1)} s (${report.mode}, ${report.backend}): ` +
    `${count(report.written)} written, ${count(report.unchanged)} unchanged, ${count(report.skipped)} skipped, ` +
    `${count(report.deleted)} deleted, ${count(report.failed)} failed${staticPart}`
  );
}

/** `--flavours a,b` → ["a", "b"]. */
function listOption(args: readonly string[], name: string): string[] | undefined {
  const raw = optionValue(args, name);
  if (raw === undefined) return undefined;
  return raw.split(",").map((s) => s.trim()).filter(Boolean);
}

function checkFlavours(blog: Blog, names: readonly string[]): void {
  const unknown = [...new Set(names)].filter((name) => name === "error" || !blog.flavours.get(name));
  if (unknown.length) {
    const available = blog.flavours.names().filter((n) => n !== "error").join(", ");
    throw new BlossomError("BLOSSOM_ERR_CLI_USAGE", `no flavour ${unknown.map((n) => `"${n}"`).join(", ")} to render; this blog has: ${available}`);
  }
}

function jobsOption(args: readonly string[]): number | "auto" | undefined {
  const raw = optionValue(args, "jobs");
  if (raw === undefined || raw === "auto") return raw;
  const jobs = Number(raw);
  if (!/^\d+$/.test(raw) || jobs < 1 || jobs > 64) throw new BlossomError("BLOSSOM_ERR_CLI_USAGE", `--jobs must be auto or a number from 1 to 64, got "${raw}"`);
  return jobs;
}

/** The render's one moment: now, or SOURCE_DATE_EPOCH (seconds) for reproducible builds. */
export function renderMoment(env: NodeJS.ProcessEnv): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === "") return new Date();
  if (!/^\d+$/.test(epoch)) throw new BlossomError("BLOSSOM_ERR_CLI_USAGE", `SOURCE_DATE_EPOCH must be whole seconds since 1970, got "${epoch}"`);
  return new Date(Number(epoch) * 1000);
}

function shownPath(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel && !rel.startsWith("..") ? `${rel}/` : `${dir}/`;
}
