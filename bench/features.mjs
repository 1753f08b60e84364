// What the categories, archives, tags and paginate plugins cost on a 10,000-entry blog: handle() latency with
// and without them, the first request after an entry changes (their memoised data is rebuilt), and paginate's
// staticrenderFilelist pass (it runs pathinfo + filelist for every listing the static renderer writes).
import { createRequire } from "node:module";
import { utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fmt, generatedBlog, REPO, save, summarize, table } from "./lib/util.mjs";

const require = createRequire(import.meta.url);
const { bootBlog, openIndex, dateParts } = require(join(REPO, "dist/lib/core/index.js"));
const { createLogger } = require(join(REPO, "dist/lib/core/logger.js"));
const quiet = createLogger("error", () => {});
const request = (path) => ({ method: "GET", path, query: {}, headers: {}, body: Buffer.alloc(0), remoteAddress: "127.0.0.1" });

const SIZE = 10000;
const dir = generatedBlog(SIZE);
const base = "title: Bench blog\nbase_url: http://127.0.0.1:8080/\nnum_entries: 10\ndatadir: entries\n";
writeFileSync(join(dir, "config-plain.yaml"), `${base}plugins:\n  - markdown\n`);
writeFileSync(join(dir, "config-features.yaml"), `${base}plugins:\n  - markdown\n  - categories\n  - archives\n  - tags\n  - paginate\n`);

async function open(config) {
  const blog = await bootBlog({ configPath: join(dir, config), log: quiet });
  await openIndex(blog, { watch: false });
  return blog;
}

async function time(blog, path, n) {
  for (let i = 0; i < 10; i++) await blog.handle(request(path));
  const samples = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    const res = await blog.handle(request(path));
    samples.push(performance.now() - s);
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  }
  return summarize(samples);
}

const plain = await open("config-plain.yaml");
const features = await open("config-features.yaml");
const visible = features.entries.visible(Date.now());
const newest = visible[0];
const middleYear = dateParts(visible[Math.floor(visible.length / 2)].date, features.config.timezone).yr;
const category = newest.category.split("/")[0];
const tag = newest.meta.tags?.split(",")[0]?.trim() ?? "blossom";
const { yr: year, mo_num: month } = dateParts(newest.date, features.config.timezone);
const rows = [];
for (const path of ["/", `/${category}/`, `/${newest.id}.html`, `/${year}/${month}/`, "/index.rss"]) {
  const a = await time(plain, path, 200);
  const b = await time(features, path, 200);
  rows.push({ path, "plain p50 ms": fmt(a.p50, 2), "with plugins p50 ms": fmt(b.p50, 2), "p99 ms": fmt(b.p99, 2) });
}
for (const path of ["/page/500/", `/tags/${encodeURIComponent(tag)}/page/2/`, `/${middleYear}/page/2/`]) {
  const b = await time(features, path, 100);
  rows.push({ path, "plain p50 ms": "-", "with plugins p50 ms": fmt(b.p50, 2), "p99 ms": fmt(b.p99, 2) });
}
console.log(`\nhandle() in-process, ${SIZE} entries:`);
table(rows);

// The first request after an entry changes rebuilds the memoised tree, month counts and tag index.
const rebuild = [];
const file = join(dir, "entries", newest.file);
for (let i = 0; i < 20; i++) {
  const when = new Date(Date.now() - 1000 * (i + 1));
  utimesSync(file, when, when);
  await features.entries.refreshFile(newest.file);
  const s = performance.now();
  await features.handle(request("/"));
  rebuild.push(performance.now() - s);
}
const r = summarize(rebuild);
console.log(`\nfirst front page after an entry changed: p50 ${fmt(r.p50, 1)} ms, max ${fmt(r.max, 1)} ms`);

// paginate's static pass over the listings `blossom render` writes (front, categories, years, months, days).
const listings = new Set(["/"]);
for (const c of features.entries.categories()) if (c) listings.add(`/${c}/`);
for (const rec of features.entries.visible(Date.now())) {
  const p = dateParts(rec.date, features.config.timezone);
  listings.add(`/${p.yr}/`).add(`/${p.yr}/${p.mo_num}/`).add(`/${p.yr}/${p.mo_num}/${p.da}/`);
}
const list = [...listings].map((path) => ({ path }));
let s = performance.now();
const planned = await features.hooks.staticrenderFilelist.promise(list, { flavours: ["html", "rss", "atom"], incremental: false, drafts: false, now: new Date() });
const staticMs = performance.now() - s;
console.log(`staticrenderFilelist: ${list.length} listings in → ${planned.length} URLs out (tag pages and later pages added) in ${fmt(staticMs, 0)} ms`);

save("features", { entries: SIZE, handle: rows, rebuild: r, static: { listings: list.length, urls: planned.length, ms: staticMs } });
await Promise.all([plain.close(), features.close()]);
