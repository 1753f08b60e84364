// The engine itself: building the entry index, handle() latency in-process, and `blossom serve` under wrk next
// to the trivial fixed-body Node server (shared/bench/node-fixed-server.mjs) measured in the same run.
import { createRequire } from "node:module";
import { join } from "node:path";
import { rmSync } from "node:fs";
import { fmt, freePort, generatedBlog, has, REPO, save, SHARED_BENCH, startProcess, summarize, table, wrk } from "./lib/util.mjs";

const require = createRequire(import.meta.url);
const { bootBlog, openIndex } = require(join(REPO, "dist/lib/core/index.js"));
const { createLogger } = require(join(REPO, "dist/lib/core/logger.js"));
const quiet = createLogger("error", () => {});
const request = (path) => ({ method: "GET", path, query: {}, headers: {}, body: Buffer.alloc(0), remoteAddress: "127.0.0.1" });

const results = { index: [], handle: [], http: [] };

for (const size of [1000, 10000]) {
  const dir = generatedBlog(size);
  const cacheDir = join(dir, ".blossom");
  rmSync(cacheDir, { recursive: true, force: true });

  let t = performance.now();
  const blog = await bootBlog({ configPath: join(dir, "config.yaml"), log: quiet });
  await openIndex(blog, { watch: false, cacheDir });
  const cold = performance.now() - t;
  global.gc?.();
  const rss = process.memoryUsage().rss / 2 ** 20;

  t = performance.now();
  const again = await bootBlog({ configPath: join(dir, "config.yaml"), log: quiet });
  await openIndex(again, { watch: false, cacheDir, sweepAfterMs: 60_000 });
  const cached = performance.now() - t;
  t = performance.now();
  const swept = await bootBlog({ configPath: join(dir, "config.yaml"), log: quiet });
  await openIndex(swept, { watch: false, cacheDir, sweepAfterMs: 0 });
  const sweep = performance.now() - t;
  results.index.push({ entries: size, "cold build ms": fmt(cold), "from cache ms": fmt(cached), "cache + stat all ms": fmt(sweep), "RSS MB": fmt(rss) });

  const newest = blog.entries.visible(Date.now())[0];
  const year = new Date(newest.date).getUTCFullYear();
  const paths = ["/", `/${newest.category.split("/")[0]}/`, `/${newest.id}.html`, `/${year}/`, "/index.rss"];
  for (const path of paths) {
    for (let i = 0; i < 20; i++) await blog.handle(request(path)); // warm caches and the JIT
    const samples = [];
    const n = path === `/${year}/` ? 50 : 300;
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      const res = await blog.handle(request(path));
      samples.push(performance.now() - s);
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    }
    const s = summarize(samples);
    results.handle.push({ entries: size, path, "req/s": fmt(1000 / s.mean, 0), "p50 ms": fmt(s.p50, 2), "p99 ms": fmt(s.p99, 2) });
  }
  await Promise.all([blog.close(), again.close(), swept.close()]);
}

console.log("\nEntry index (boot + index; cold = parse every entry):");
table(results.index);
console.log("\nhandle() in-process, one request at a time:");
table(results.handle);

if (has("wrk")) {
  const port = await freePort();
  const fixed = await startProcess(process.execPath, [join(SHARED_BENCH, "node-fixed-server.mjs"), String(port)], /listening/);
  const servers = [["node fixed 10 KB body (reference)", `http://127.0.0.1:${port}/`, fixed]];
  for (const size of [1000, 10000]) {
    const dir = generatedBlog(size);
    const serve = await startProcess(process.execPath, [join(REPO, "bin/blossom.js"), "serve", "--config", join(dir, "config.yaml"), "--port", "0"], /at (http:\/\/127\.0\.0\.1:\d+)/);
    servers.push([`blossom serve, ${size} entries, front page`, `${serve.match[1]}/`, serve]);
  }
  for (const [name, url] of servers) {
    const r = wrk(url, { seconds: 5 });
    results.http.push({ server: name, "req/s": fmt(r.rps, 0), "p50 ms": fmt(r.p50, 2), "p99 ms": fmt(r.p99, 2), non2xx: r.non2xx });
  }
  for (const [, , proc] of servers) await proc.stop();
  console.log("\nHTTP, wrk -t2 -c10 -d5s:");
  table(results.http);
} else {
  console.log("\n(wrk is not installed: `apt-get install wrk` for the HTTP figures)");
}
save("core", results);
