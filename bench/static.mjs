// `blossom render` against Eleventy, in the same run: a full render of 1,000 and 10,000-entry blogs (gen-blog,
// txt for Blossom, the same entries as Markdown for Eleventy with ../shared/bench/eleventy-site), then Blossom's
// incremental render with nothing changed and after one entry is edited (each the median of BENCH_STATIC_REPEAT
// runs, 3 by default). Wall time and peak RSS of each process come from /usr/bin/time -v (worker threads are in
// the process, so they count). `npm run bench -- static`, or `node bench/static.mjs`; BENCH_STATIC_SIZES=1000 for
// a quick run; BENCH_KEEP=1 keeps the output folders (bench/work/static-out/).
//
// Page sets. Eleventy's site writes one page per post, an index paginated 20 a page (full bodies) and one page per
// tag. Blossom's "comparable" set is the nearest it has: one page per entry, the front page, one page per category
// and one per month (full bodies, so every body appears twice, as in Eleventy's), html only. Blossom's "full" set
// is its default: every category and date archive (year, month, day) in html, rss and atom, and entries in html.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { fmt, generatedBlog, REPO, save, SHARED_BENCH, table, WORK } from "./lib/util.mjs";

const BIN = join(REPO, "bin", "blossom.js");
const TIME = "/usr/bin/time";

/** Runs a command under /usr/bin/time -v: wall seconds, peak RSS (MB), and its output. */
function measured(command, args, { cwd = REPO } = {}) {
  const started = performance.now();
  const run = spawnSync(TIME, ["-v", command, ...args], { cwd, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  const seconds = (performance.now() - started) / 1000;
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1] ?? NaN) / 1024;
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  return { seconds, rss, stdout: run.stdout, stderr: run.stderr };
}

/** How many times each incremental run is measured (a run takes about a second, and a busy machine adds noise). */
const REPEAT = Math.max(1, Number(process.env.BENCH_STATIC_REPEAT ?? 3));

/** Runs `measure` REPEAT times: the run with the median wall time, and that time with the range when repeated. */
function repeated(measure) {
  const runs = Array.from({ length: REPEAT }, measure).sort((a, b) => a.seconds - b.seconds);
  const run = runs[Math.floor((runs.length - 1) / 2)];
  const wall = runs.length > 1 ? `${fmt(run.seconds, 2)} (${fmt(runs[0].seconds, 2)}–${fmt(runs.at(-1).seconds, 2)})` : fmt(run.seconds, 2);
  return { run, wall, of: runs.length > 1 ? `, median of ${runs.length}` : "" };
}

/** Pages rendered, written and in total, from Blossom's summary line. */
function summary(stdout) {
  const m = /Rendered ([\d,]+)(?: of ([\d,]+))? pages .*?: ([\d,]+) written, ([\d,]+) unchanged, ([\d,]+) skipped, ([\d,]+) deleted, ([\d,]+) failed/.exec(stdout);
  if (!m) throw new Error(`no summary line in:\n${stdout}`);
  const n = (s) => Number(s.replace(/,/g, ""));
  return { rendered: n(m[1]), total: n(m[2] ?? m[1]), written: n(m[3]), deleted: n(m[6]), line: m[0] };
}

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)]));
}

const VARIANTS = {
  comparable: "  - static: {flavours: [html], entry_flavours: [html], date_archives: [month]}\n",
  full: "",
};

/** A config beside the generated blog's entries with this page set. */
function configFor(dir, variant) {
  const base = readFileSync(join(dir, "config.yaml"), "utf8");
  const file = join(dir, `static-${variant}.yaml`);
  writeFileSync(file, `${base.trimEnd()}\n${VARIANTS[variant]}`);
  return file;
}

/** The entry edited for the incremental run: one from the middle of the blog (its date moves to today). */
function middleEntry(dir, size) {
  const name = `entry-${String(Math.floor(size / 2)).padStart(Math.max(5, String(size).length), "0")}`;
  return filesUnder(join(dir, "entries")).find((f) => f.includes(`/${name}.`));
}

function blossomRuns(size, format, variant) {
  const dir = generatedBlog(size, { format });
  const config = configFor(dir, variant);
  const out = join(WORK, "static-out", `${format}-${size}-${variant}`);
  rmSync(out, { recursive: true, force: true });
  rmSync(join(dir, ".blossom"), { recursive: true, force: true }); // cold: the entry index is built too
  const full = measured(process.execPath, [BIN, "render", "--config", config, "--out", out]);
  const rows = [{ entries: size, tool: `Blossom (${format})`, "page set": variant, run: "full, cold", pages: summary(full.stdout).written, "wall s": fmt(full.seconds, 2), "peak RSS MB": fmt(full.rss, 0) }];
  if (format !== "txt") {
    if (!process.env.BENCH_KEEP) rmSync(out, { recursive: true, force: true });
    return rows;
  }

  const incremental = () => measured(process.execPath, [BIN, "render", "--config", config, "--out", out, "--incremental"]);
  const nothing = repeated(() => incremental());
  rows.push({ entries: size, tool: "Blossom (txt)", "page set": variant, run: `incremental, nothing changed${nothing.of}`, pages: summary(nothing.run.stdout).written, "wall s": nothing.wall, "peak RSS MB": fmt(nothing.run.rss, 0) });

  const entry = middleEntry(dir, size);
  const original = readFileSync(entry);
  const info = statSync(entry);
  const restore = () => {
    writeFileSync(entry, original);
    utimesSync(entry, info.atime, info.mtime);
  };
  try {
    const edited = repeated(() => {
      writeFileSync(entry, Buffer.concat([original, Buffer.from("<p>An edit.</p>\n")]));
      const run = incremental();
      restore();
      incremental(); // back to the state the next edit starts from (not measured)
      return run;
    });
    const s = summary(edited.run.stdout);
    rows.push({ entries: size, tool: "Blossom (txt)", "page set": variant, run: `incremental, 1 entry edited (${s.rendered} rendered)${edited.of}`, pages: s.written, "wall s": edited.wall, "peak RSS MB": fmt(edited.run.rss, 0) });
  } finally {
    restore();
    if (!process.env.BENCH_KEEP) rmSync(out, { recursive: true, force: true });
  }
  return rows;
}

/** Installs the latest Eleventy into the bench's work folder (not a dependency of Blossom). */
function eleventy() {
  const dir = join(WORK, "eleventy");
  const cli = join(dir, "node_modules", "@11ty", "eleventy", "cmd.cjs");
  if (!existsSync(cli)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), '{ "private": true }\n');
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "@11ty/eleventy@latest"], { cwd: dir, stdio: "inherit" });
  }
  const version = JSON.parse(readFileSync(join(dir, "node_modules", "@11ty", "eleventy", "package.json"), "utf8")).version;
  return { cli, version };
}

function eleventyRun(size, cli, version) {
  const site = join(WORK, `eleventy-site-${size}`);
  if (!existsSync(join(site, "posts", "posts.json"))) {
    rmSync(site, { recursive: true, force: true });
    cpSync(join(SHARED_BENCH, "eleventy-site"), site, { recursive: true });
    const layout = readFileSync(join(site, "posts", "posts.json"));
    execFileSync(process.execPath, [join(SHARED_BENCH, "gen-blog.mjs"), "--out", join(site, "posts"), "--entries", String(size), "--format", "md", "--clean"], { stdio: "ignore" });
    writeFileSync(join(site, "posts", "posts.json"), layout);
  }
  rmSync(join(site, "_site"), { recursive: true, force: true });
  rmSync(join(site, ".cache"), { recursive: true, force: true });
  const run = measured(process.execPath, [cli, "--quiet"], { cwd: site });
  const pages = filesUnder(join(site, "_site")).filter((f) => f.endsWith(".html")).length;
  return { entries: size, tool: `Eleventy ${version} (md)`, "page set": "its site", run: "full, cold", pages, "wall s": fmt(run.seconds, 2), "peak RSS MB": fmt(run.rss, 0) };
}

export default async function main() {
  const sizes = (process.env.BENCH_STATIC_SIZES ?? "1000,10000").split(",").map(Number);
  if (!existsSync(join(REPO, "dist", "blossom.js"))) throw new Error("build first: npm run build");
  const { cli, version } = eleventy();
  const rows = [];
  for (const size of sizes) {
    rows.push(eleventyRun(size, cli, version));
    rows.push(...blossomRuns(size, "txt", "comparable"));
    rows.push(...blossomRuns(size, "md", "comparable"));
    rows.push(...blossomRuns(size, "txt", "full"));
  }
  console.log(`\nStatic rendering (${readFileSync("/proc/cpuinfo", "utf8").match(/^processor/gm)?.length ?? "?"} cores; wall time and peak RSS of the whole process):`);
  table(rows);

  const pick = (size, tool, set, run) => rows.find((r) => r.entries === size && r.tool.startsWith(tool) && r["page set"] === set && r.run.startsWith(run));
  const goals = [];
  for (const size of sizes) {
    const e = pick(size, "Eleventy", "its site", "full");
    const b = pick(size, "Blossom (txt)", "comparable", "full");
    goals.push({ goal: `${size} entries: full render faster than Eleventy`, Blossom: `${b["wall s"]} s`, Eleventy: `${e["wall s"]} s`, met: Number(b["wall s"]) < Number(e["wall s"]) ? "yes" : "NO" });
    goals.push({ goal: `${size} entries: lower peak memory than Eleventy`, Blossom: `${b["peak RSS MB"]} MB`, Eleventy: `${e["peak RSS MB"]} MB`, met: Number(b["peak RSS MB"]) < Number(e["peak RSS MB"]) ? "yes" : "NO" });
  }
  const biggest = Math.max(...sizes);
  for (const set of ["comparable", "full"]) {
    const inc = pick(biggest, "Blossom (txt)", set, "incremental, 1");
    goals.push({ goal: `${biggest} entries, ${set} set: incremental render of one edited entry under 1 s`, Blossom: `${inc["wall s"]} s`, Eleventy: "-", met: parseFloat(inc["wall s"]) < 1 ? "yes" : "NO" });
  }
  console.log("\nGoals:");
  table(goals);
  save("static", { rows, goals });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
