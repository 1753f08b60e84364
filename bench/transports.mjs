// Transports behind real web servers (issue 3): `ab -n 100 -c 10` and a longer wrk run against the front page of
// the sample blog and of a 10,000-entry generated blog, through lighttpd+SCGI, nginx+SCGI, lighttpd+CGI, and
// Debian's Perl Blosxom as CGI under lighttpd on the same entries, in the same run. The lighttpd+SCGI ab run is
// repeated ten times to show the numbers do not fall from run to run. lighttpd+CGI runs a second time on copies of
// the blogs with the CGI page cache off. Also measured: one `blossom cgi` request started directly, against
// `node -e 0`, on all four.
//
// The servers come from test/servers/harness.cjs, i.e. from the very snippets the deployment docs show.
// `node bench/transports.mjs` (after `npm run build`), or `npm run bench -- transports`.
// BENCH_WRK_SECONDS (default 10) sets the wrk run's length.
import { spawnSync, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import harness from "../test/servers/harness.cjs";
import { fmt, generatedBlog, has, REPO, save, summarize, table } from "./lib/util.mjs";

const { createSite, freePort, serverVersion, startBlossomScgi, startWebServer, SETUPS } = harness;
const AB_REQUESTS = 100;
const AB_CONCURRENCY = 10;
const REPEATS = 10;
const WRK_SECONDS = Number(process.env.BENCH_WRK_SECONDS ?? 10);
const SETUP_ORDER = ["lighttpd-scgi", "nginx-scgi", "lighttpd-cgi", "lighttpd-blosxom"];

/** `ab -n 100 -c 10`: requests/s, latency percentiles (ms), failures. */
function ab(url, requests = AB_REQUESTS, concurrency = AB_CONCURRENCY) {
  const out = execFileSync("ab", ["-q", "-n", String(requests), "-c", String(concurrency), url], { encoding: "utf8", maxBuffer: 1 << 24 });
  const number = (re) => Number(re.exec(out)?.[1] ?? NaN);
  const pct = (p) => number(new RegExp(`^\\s+${p}%\\s+(\\d+)`, "m"));
  return {
    rps: number(/Requests per second:\s+([\d.]+)/),
    p50: pct(50),
    p90: pct(90),
    p99: pct(99),
    max: pct(100),
    failed: number(/Failed requests:\s+(\d+)/),
    // ab counts a response whose length differs from the first as failed; that is not an error.
    lengthDiffers: Number(/\(Connect: \d+, Receive: \d+, Length: (\d+)/.exec(out)?.[1] ?? 0),
    non2xx: Number(/Non-2xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0),
  };
}

/** wrk with a timeout long enough for CGI under load (its default, 2 s, would count slow answers as lost). */
function wrk(url, seconds) {
  const out = execFileSync("wrk", ["-t2", `-c${AB_CONCURRENCY}`, `-d${seconds}s`, "--timeout", "60s", "--latency", url], { encoding: "utf8" });
  const ms = (v, unit) => Number(v) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? 1);
  const pct = (p) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)`, "m").exec(out);
    return m ? ms(m[1], m[2]) : NaN;
  };
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN),
    p50: pct(50),
    p90: pct(90),
    p99: pct(99),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    errors: /Socket errors: (.*)/.exec(out)?.[1] ?? "none",
  };
}

/**
 * Wall time of each command, run in turn `runs` times (A B C A B C ...), so a busy moment of the machine
 * colours all of them alike and their ratios hold even when the absolute times drift.
 */
function timeInTurn(commands, runs = 21) {
  const samples = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    commands.forEach(({ command, args, env }, k) => {
      const start = process.hrtime.bigint();
      const result = spawnSync(command, args, { env, stdio: ["ignore", "ignore", "ignore"] });
      samples[k].push(Number(process.hrtime.bigint() - start) / 1e6);
      if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}`);
    });
  }
  return samples.map((s) => ({ ...summarize(s), min: Math.min(...s) }));
}

/** Perl Blosxom's config for a site: same entries, same URL, 10 entries a page, no plugins. */
function writeBlosxomConfig(site, baseUrl, title) {
  writeFileSync(
    join(site.blogDir, "blosxom.conf"),
    [
      `$blog_title = "${title}";`,
      `$datadir = "${join(site.blogDir, "entries")}";`,
      `$url = "${baseUrl.replace(/\/$/, "")}";`,
      "$depth = 0;",
      "$num_entries = 10;",
      `$plugin_dir = "${join(site.blogDir, "blosxom-plugins")}";`,
      `$plugin_state_dir = "${join(site.blogDir, "blosxom-state")}";`,
      `$static_dir = "${join(site.blogDir, "blosxom-static")}";`,
      "1;",
      "",
    ].join("\n"),
  );
}

export default async function transports() {
  for (const tool of ["ab", "wrk"]) if (!has(tool)) throw new Error(`${tool} is missing: apt-get install ${tool === "ab" ? "apache2-utils" : "wrk"}`);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}/blog/`;
  const tenThousand = { source: generatedBlog(10_000), editConfig: (text) => text.replace(/^num_entries: .*$/m, "num_entries: 10") };
  // Each blog twice: as deployed, and with the CGI page cache off, i.e. what a CGI request that renders costs
  // (the first after a change, a POST, any with page_cache: false). Both configs end with their plugins list.
  const rendered = (edit = (text) => text) => (text) => `${edit(text).trimEnd()}\n  - cgi: {page_cache: false}\n`;
  const blogs = [
    { name: "sample", site: createSite({ baseUrl, prefix: "blossom-bench-sample-" }) },
    { name: "10k", site: createSite({ ...tenThousand, baseUrl, prefix: "blossom-bench-10k-" }) },
    { name: "sample, rendered", setups: ["lighttpd-cgi"], site: createSite({ baseUrl, prefix: "blossom-bench-sample-", editConfig: rendered() }) },
    { name: "10k, rendered", setups: ["lighttpd-cgi"], site: createSite({ ...tenThousand, baseUrl, prefix: "blossom-bench-10k-", editConfig: rendered(tenThousand.editConfig) }) },
  ];
  for (const blog of blogs) writeBlosxomConfig(blog.site, baseUrl, `Blosxom ${blog.name}`);

  const rows = [];
  const repeats = [];
  const results = { node: process.version, cpus: availableParallelism(), servers: {}, ab: [], wrk: [], repeats: [], cgiStartup: [] };
  for (const setup of SETUP_ORDER) results.servers[setup] = serverVersion(setup);

  try {
    // One `blossom cgi` request, started directly, in turn with `node -e 0`: what a CGI request costs beyond
    // Node's own start-up.
    const cgiEnv = { PATH: process.env.PATH, GATEWAY_INTERFACE: "CGI/1.1", REQUEST_METHOD: "GET", SCRIPT_NAME: "/blog", PATH_INFO: "/", QUERY_STRING: "", REMOTE_ADDR: "127.0.0.1" };
    // Caches of their own: this process runs as root, and files it left in the blog's .blossom/ would be ones the
    // web server's user (www-data) cannot replace.
    const cgiRun = (what, config) => ({
      what,
      command: process.execPath,
      args: [join(REPO, "bin", "blossom.js"), "cgi", "--config", config],
      env: { ...cgiEnv, BLOSSOM_CACHE_DIR: mkdtempSync(join(dirname(dirname(config)), "direct-cgi-cache-")) }, // removed with the site
    });
    const startups = [
      { what: "node -e 0", command: process.execPath, args: ["-e", "0"], env: { PATH: process.env.PATH } },
      ...blogs.map((blog) => cgiRun(`blossom cgi, ${blog.name}`, blog.site.config)),
    ];
    for (const s of startups.slice(1)) spawnSync(s.command, s.args, { env: s.env, stdio: "ignore" }); // fills .blossom/ (config and index caches)
    const timed = timeInTurn(startups);
    startups.forEach((s, k) => results.cgiStartup.push({ what: s.what, ...timed[k], ratio: timed[k].p50 / timed[0].p50 }));

    for (const blog of blogs) {
      for (const setup of blog.setups ?? SETUP_ORDER) {
        let scgi;
        let web;
        try {
          // Its caches apart from the blog's .blossom/: it runs as root, and lighttpd's CGI runs as www-data.
          if (SETUPS[setup].transport === "scgi") {
            const env = { BLOSSOM_CACHE_DIR: join(blog.site.root, "scgi-cache") };
            scgi = await startBlossomScgi(blog.site.config, { port: await freePort(), workers: availableParallelism(), env });
          }
          web = await startWebServer(setup, { blogDir: blog.site.blogDir, port, ...(scgi ? { scgiPort: scgi.port } : {}) });
          const url = `${web.origin}/blog/`;
          for (let i = 0; i < 3; i++) {
            const res = await fetch(url);
            await res.text();
            if (res.status !== 200) throw new Error(`${setup} on the ${blog.name} blog: GET /blog/ answered ${res.status}\n${web.logs()}`);
          }
          const once = ab(url);
          results.ab.push({ blog: blog.name, setup, ...once });
          const long = wrk(url, WRK_SECONDS);
          results.wrk.push({ blog: blog.name, setup, seconds: WRK_SECONDS, ...long });
          rows.push({
            blog: blog.name,
            setup,
            "ab req/s": fmt(once.rps),
            "ab p50/p90/p99 ms": `${once.p50}/${once.p90}/${once.p99}`,
            "ab errors": once.failed - once.lengthDiffers + once.non2xx,
            [`wrk ${WRK_SECONDS}s req/s`]: fmt(long.rps),
            "wrk p50/p90/p99 ms": `${fmt(long.p50)}/${fmt(long.p90)}/${fmt(long.p99)}`,
            "wrk requests": long.requests,
            "wrk errors": long.non2xx + (long.errors === "none" ? "" : ` (${long.errors})`),
          });
          if (setup === "lighttpd-scgi") {
            const runs = Array.from({ length: REPEATS }, () => ab(url));
            results.repeats.push({ blog: blog.name, setup, runs });
            repeats.push({ blog: blog.name, "req/s, run 1..10": runs.map((r) => fmt(r.rps, 0)).join(" "), "p99 ms": runs.map((r) => r.p99).join(" ") });
          }
        } finally {
          await web?.stop();
          await scgi?.stop();
        }
      }
    }
  } finally {
    for (const blog of blogs) blog.site.remove();
  }

  console.log(`\nTransports: front page (/blog/), ab -n ${AB_REQUESTS} -c ${AB_CONCURRENCY} and wrk -t2 -c${AB_CONCURRENCY} -d${WRK_SECONDS}s --timeout 60s; ${results.cpus} CPUs, Node ${results.node}`);
  console.log(Object.entries(results.servers).map(([k, v]) => `  ${k}: ${v}`).join("\n"));
  table(rows);
  console.log(`\nlighttpd+SCGI, ab -n ${AB_REQUESTS} -c ${AB_CONCURRENCY} repeated ${REPEATS} times:`);
  table(repeats);
  console.log("\nOne CGI request started directly (ms, sequential):");
  table(results.cgiStartup.map((r) => ({ what: r.what, n: r.n, min: fmt(r.min), p50: fmt(r.p50), p90: fmt(r.p90), mean: fmt(r.mean), "p50 / node's": fmt(r.ratio, 2) })));
  save("transports", results);
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  transports().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
