import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN } from "../helpers/cli";
import { removeDir, REPO } from "../helpers/temp-blog";
import { parseCgiResponse, transportBlog } from "../helpers/transport-blog";

/** Answers that say what they depend on, or do not, as HTTP lets a response say it. */
const CACHE_PROBE = `"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const fresh = () => \`rendered by \${process.pid} at \${process.hrtime.bigint()}\`;
const answers = {
  "/probe/no-store": { "Cache-Control": "no-store" },
  "/probe/private": { "Cache-Control": "private, max-age=600" },
  "/probe/vary": { Vary: "Accept-Language" },
  "/probe/cookie": { "Set-Cookie": "seen=1" },
  "/probe/max-age": { "Cache-Control": "public, max-age=1" },
  "/probe/plain": {},
};
module.exports = {
  name: "cache-probe",
  apply(blog) {
    blog.hooks.handle.tapPromise({ name: "cache-probe", stage: -200 }, async (ctx) => {
      const { path } = ctx.request;
      if (path === "/probe/depends") {
        const file = join(blog.config.root, "notice.txt");
        ctx.dependsOn(file);
        return { status: 200, headers: { "Content-Type": "text/plain" }, body: readFileSync(file, "utf8") };
      }
      if (path === "/probe/large") return { status: 200, headers: { "Content-Type": "text/plain" }, body: fresh() + "x".repeat(1_100_000) };
      const headers = answers[path];
      return headers && { status: 200, headers: { "Content-Type": "text/plain", ...headers }, body: fresh() };
    });
  },
};
`;

const FROM_CACHE = /"(GET|HEAD) [^"]*" \d{3} [\d.]+ms \(page cache\)/;

describe("blossom cgi: the page cache", () => {
  let dir: string;
  let config: string;

  beforeAll(() => {
    dir = transportBlog("http://127.0.0.1:8080/blog/", ["- ./cache-probe.cjs"]);
    config = join(dir, "config.yaml");
    writeFileSync(join(dir, "cache-probe.cjs"), CACHE_PROBE);
  });
  afterAll(() => removeDir(dir));

  const run = (env: Record<string, string>, configFile = config, input = "") => {
    const result = spawnSync(process.execPath, [BIN, "cgi", "--config", configFile], {
      env: { PATH: process.env.PATH, GATEWAY_INTERFACE: "CGI/1.1", REMOTE_ADDR: "127.0.0.1", ...env },
      input,
      timeout: 20_000,
    });
    const stderr = result.stderr.toString();
    return { code: result.status, stdout: result.stdout.toString(), stderr, cached: FROM_CACHE.test(stderr) };
  };
  const get = (path: string, env: Record<string, string> = {}, configFile = config) =>
    run({ REQUEST_METHOD: "GET", SCRIPT_NAME: "/blog", PATH_INFO: path, QUERY_STRING: "", ...env }, configFile);
  const pagesOf = (blog: string): string[] => readdirSync(join(blog, ".blossom", "config", "pages")).filter((f) => f.endsWith(".page"));

  it("answers a page nothing has changed since from the cache, byte for byte the answer Blossom gave", () => {
    const paths = ["/", "/cooking/", "/cooking/weeknight-dal.html", "/tech/index.rss", "/index.atom", "/2024/", "/tags/sourdough/", "/page/2/", "/static/blossom.css", "/sitemap.xml"];
    for (const path of paths) {
      const rendered = get(path);
      expect([path, rendered.code, rendered.cached]).toEqual([path, 0, false]);
      expect([path, rendered.stdout.slice(0, 15)]).toEqual([path, "Status: 200 OK\r"]);
      const cached = get(path);
      expect([path, cached.code, cached.cached]).toEqual([path, 0, true]);
      expect(cached.stdout).toBe(rendered.stdout);
      expect(cached.stderr).toContain(`info blossom: 127.0.0.1 "GET ${path}" 200 `);
    }
    // The query string is part of the URL: ?flav=rss is another page.
    const rss = get("/", { QUERY_STRING: "flav=rss" });
    expect(rss.cached).toBe(false);
    expect(rss.stdout).toContain("<rss");
    expect(get("/", { QUERY_STRING: "flav=rss" }).cached).toBe(true);
  });

  it("answers HEAD and conditional requests from a cached page as Blossom itself answers them", () => {
    const path = "/cooking/";
    const head = { REQUEST_METHOD: "HEAD", SCRIPT_NAME: "/blog", PATH_INFO: path, QUERY_STRING: "" };
    const page = parseCgiResponse(get(path).stdout);
    const etag = page.headers.etag!;
    const lastModified = page.headers["last-modified"]!;
    const conditional = [
      { HTTP_IF_NONE_MATCH: etag },
      { HTTP_IF_NONE_MATCH: `"other", W/${etag}` },
      { HTTP_IF_NONE_MATCH: '"other"' },
      { HTTP_IF_MODIFIED_SINCE: lastModified },
      { HTTP_IF_MODIFIED_SINCE: "Thu, 01 Jan 1970 00:00:00 GMT" },
    ];
    const pages = join(dir, ".blossom", "config", "pages");
    const ask = (before = (): void => {}) =>
      [() => run(head), ...conditional.map((headers) => () => get(path, headers)), ...conditional.map((headers) => () => run({ ...head, ...headers }))].map((request) => {
        before();
        return request();
      });

    // Blossom's answers, with no page kept (a conditional GET answered 200 keeps one: it is removed each time).
    const rendered = ask(() => rmSync(pages, { recursive: true, force: true }));
    expect(rendered.map((r) => r.cached)).not.toContain(true);
    expect(rendered.map((r) => /^Status: (\d+)/.exec(r.stdout)?.[1])).toEqual(["200", "304", "304", "200", "304", "200", "304", "304", "200", "304", "200"]);

    expect(get(path).cached).toBe(false); // keeps the page
    const cached = ask();
    expect(cached.map((r) => r.cached)).not.toContain(false);
    expect(cached.map((r) => r.stdout)).toEqual(rendered.map((r) => r.stdout));
  });

  it("gives a fresh page after a new entry, a touched folder, an edited template, config.yaml, a deleted index or a changed plugin", () => {
    const front = (): ReturnType<typeof get> => get("/");
    front();
    expect(front().cached).toBe(true);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();

    writeFileSync(join(dir, "entries", "cooking", "oat-biscuits.txt"), `Oat biscuits\n#date ${yesterday}\n<p>Crumbs.</p>\n`);
    const added = front();
    expect([added.cached, added.stdout.includes("Oat biscuits")]).toEqual([false, true]);
    expect(front().cached).toBe(true);

    // An edit in place is seen once the folder is touched (or at the next sweep), as without the page cache.
    writeFileSync(join(dir, "entries", "cooking", "oat-biscuits.txt"), `Oat and honey biscuits\n#date ${yesterday}\n<p>Crumbs.</p>\n`);
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, "entries", "cooking"), later, later);
    expect(front().stdout).toContain("Oat and honey biscuits");
    expect(front().cached).toBe(true);

    // A template of the blog's own: a new override file, then an edit to it.
    mkdirSync(join(dir, "flavours", "html"), { recursive: true });
    const foot = join(dir, "flavours", "html", "foot.mustache");
    writeFileSync(foot, readFileSync(join(REPO, "flavours", "html", "foot.mustache"), "utf8").replace("</body>", "<!-- foot one --></body>"));
    expect(front().stdout).toContain("<!-- foot one -->");
    expect(front().cached).toBe(true);
    writeFileSync(foot, readFileSync(foot, "utf8").replace("foot one", "foot two, longer"));
    expect(front().stdout).toContain("<!-- foot two, longer -->");
    expect(front().cached).toBe(true);

    writeFileSync(config, readFileSync(config, "utf8").replace(/^title: .*$/m, "title: Cached Hours"));
    expect(front().stdout).toContain("Cached Hours");
    expect(front().cached).toBe(true);

    // Deleting the index file is how an owner rebuilds the index: the pages built from it go too.
    rmSync(join(dir, ".blossom", "config", "index.bin"));
    expect(front().cached).toBe(false);
    expect(front().cached).toBe(true);

    const plugin = join(dir, "cache-probe.cjs");
    writeFileSync(plugin, readFileSync(plugin, "utf8").replace("rendered by", "answered by"));
    expect(front().cached).toBe(false);
    expect(get("/probe/plain").stdout).toContain("answered by");
  });

  it("shows an entry dated in the future once its time comes, though the page was cached before", () => {
    const soon = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2_000);
    writeFileSync(join(dir, "entries", "travel", "slow-boat.txt"), `The slow boat to Skye\n#date ${soon.toISOString().replace(".000Z", "Z")}\n<p>Ferries.</p>\n`);
    const before = get("/travel/");
    expect(before.stdout).not.toContain("The slow boat to Skye");
    expect(get("/travel/").cached).toBe(true);
    const wait = soon.getTime() + 100 - Date.now();
    if (wait > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
    const after = get("/travel/");
    expect([after.cached, after.stdout.includes("The slow boat to Skye")]).toEqual([false, true]);
  });

  it("keeps no answer an HTTP cache could not keep, nor one over 1 MB, and keeps one with max-age only that long", () => {
    for (const path of ["/probe/no-store", "/probe/private", "/probe/vary", "/probe/cookie", "/probe/large"]) {
      const first = get(path);
      expect(first.stdout).toMatch(/^Status: 200 OK\r\n/);
      const second = get(path);
      expect([path, second.cached]).toEqual([path, false]);
      expect(second.stdout).not.toBe(first.stdout);
    }
    const first = get("/probe/max-age");
    expect(get("/probe/max-age")).toMatchObject({ cached: true, stdout: first.stdout });
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_100);
    expect(get("/probe/max-age").cached).toBe(false);
  });

  it("drops a page when a file it declared with ctx.dependsOn changes, a static file among them", () => {
    writeFileSync(join(dir, "notice.txt"), "Closed on Mondays.\n");
    expect(get("/probe/depends").stdout).toContain("Closed on Mondays.");
    expect(get("/probe/depends").cached).toBe(true);
    writeFileSync(join(dir, "notice.txt"), "Open every day.\n");
    expect(get("/probe/depends")).toMatchObject({ cached: false, stdout: expect.stringContaining("Open every day.") });

    const css = join(dir, "static", "blossom.css");
    get("/static/blossom.css");
    expect(get("/static/blossom.css").cached).toBe(true);
    writeFileSync(css, `${readFileSync(css, "utf8")}\n.cached { color: red; }\n`);
    expect(get("/static/blossom.css")).toMatchObject({ cached: false, stdout: expect.stringContaining(".cached { color: red; }") });
  });

  it("answers POST, a GET with a body, and any other method through Blossom, every time", () => {
    const post = (input: string) =>
      run({ REQUEST_METHOD: "POST", SCRIPT_NAME: "/blog", PATH_INFO: "/probe/echo", CONTENT_TYPE: "text/plain", CONTENT_LENGTH: String(input.length) }, config, input);
    expect(post("one").stdout).toContain('"body":"one"');
    expect(post("two")).toMatchObject({ cached: false, stdout: expect.stringContaining('"body":"two"') });
    get("/probe/plain");
    const withBody = run({ REQUEST_METHOD: "GET", SCRIPT_NAME: "/blog", PATH_INFO: "/probe/plain", CONTENT_LENGTH: "2" }, config, "hi");
    expect(withBody.cached).toBe(false);
    expect(run({ REQUEST_METHOD: "OPTIONS", SCRIPT_NAME: "/blog", PATH_INFO: "/probe/plain" }).cached).toBe(false);
  });

  it("is off with page_cache: false, or while a plugin logs requests itself, and keeps at most page_cache_max_pages", () => {
    const off = transportBlog("http://127.0.0.1:8080/blog/", ["- cgi: {page_cache: false}"]);
    const logged = transportBlog("http://127.0.0.1:8080/blog/", ["- ./logger.cjs"]);
    const small = transportBlog("http://127.0.0.1:8080/blog/", ["- cgi: {page_cache_max_pages: 5}"]);
    try {
      const offConfig = join(off, "config.yaml");
      get("/", {}, offConfig);
      expect(get("/", {}, offConfig).cached).toBe(false);

      writeFileSync(
        join(logged, "logger.cjs"),
        `module.exports = { name: "logger", apply(blog) { blog.hooks.logrequest.tap("logger", (record) => process.stderr.write("logger saw " + record.path + "\\n")); } };\n`,
      );
      const loggedConfig = join(logged, "config.yaml");
      get("/", {}, loggedConfig);
      expect(get("/", {}, loggedConfig)).toMatchObject({ cached: false, stderr: expect.stringContaining("logger saw /") });
      const check = spawnSync(process.execPath, [BIN, "check", "--config", loggedConfig], { env: { PATH: process.env.PATH }, timeout: 20_000 });
      expect(check.stdout.toString()).toContain("CGI page cache: keeps no pages, because logger tap logrequest");

      const smallConfig = join(small, "config.yaml");
      for (let i = 0; i < 8; i++) get("/", { QUERY_STRING: `utm=${i}` }, smallConfig);
      expect(pagesOf(small).length).toBeLessThanOrEqual(5);
      expect(get("/", { QUERY_STRING: "utm=7" }, smallConfig).cached).toBe(true); // the newest page stays
    } finally {
      for (const blog of [off, logged, small]) removeDir(blog);
    }
  });

  it("answers from a bundle of its own that loads no other module of Blossom or its dependencies", () => {
    const bundle = join(REPO, "dist", "cgi-page-cache.js");
    const script = `require(${JSON.stringify(bundle)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
    const loaded = spawnSync(process.execPath, ["-e", script], { timeout: 20_000 }).stdout.toString();
    expect(JSON.parse(loaded)).toEqual([bundle]);
  });

  it("serves cached pages through sample-blog/blossom.cgi too", () => {
    const script = join(dir, "blossom.cgi");
    copyFileSync(join(REPO, "sample-blog", "blossom.cgi"), script);
    const ask = () =>
      spawnSync(process.execPath, [script], {
        env: { PATH: process.env.PATH, GATEWAY_INTERFACE: "CGI/1.1", REQUEST_METHOD: "GET", SCRIPT_NAME: "/blog", PATH_INFO: "/tech/", BLOSSOM_HOME: REPO },
        timeout: 20_000,
      });
    const first = ask();
    const second = ask();
    expect(second.stdout.toString()).toBe(first.stdout.toString());
    expect(second.stderr.toString()).toMatch(FROM_CACHE);
  });
});
