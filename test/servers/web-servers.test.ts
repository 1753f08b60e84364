import { parseFeed } from "@rowanmanning/feed-parser";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createSite, freePort, SETUPS, startBlossomScgi, startWebServer, type BlossomScgi, type Setup, type Site, type WebServer } from "./harness.cjs";
import { REPO } from "../helpers/temp-blog";

/**
 * The sample blog under /blog/ behind real lighttpd, nginx and Apache, through SCGI and CGI, each started from the
 * deployment snippets the docs show (plugins/scgi/deploy/, plugins/cgi/deploy/). A missing server binary fails
 * the test: CI installs them (.ci/apt-packages.txt).
 *
 * Blossom's own static_dir points at an empty folder here, so a stylesheet that arrives proves the web server
 * served it from disk through its alias, as deployed, and not Blossom.
 */
const SETUP_NAMES = (Object.keys(SETUPS) as Setup[]).filter((setup) => !SETUPS[setup].benchOnly);
/** Front pages by set-up, with the port taken out, to compare across set-ups at the end. */
const frontPages = new Map<Setup, string>();

describe.each(SETUP_NAMES)("%s serving the sample blog under /blog/", (setup) => {
  let site: Site;
  let scgi: BlossomScgi | undefined;
  let web: WebServer;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    site = createSite({
      baseUrl: `http://127.0.0.1:${port}/blog/`,
      editConfig: (text) => `${text.replace(/^static_dir: .*$/m, "static_dir: not-served-by-blossom")}  - ./probe-plugin.cjs\n`,
      prefix: `blossom-${setup}-site-`,
    });
    copyFileSync(join(REPO, "test", "fixtures", "probe-plugin.cjs"), join(site.blogDir, "probe-plugin.cjs"));
    if (SETUPS[setup].transport === "scgi") scgi = await startBlossomScgi(site.config, { port: await freePort(), workers: 1 });
    web = await startWebServer(setup, { blogDir: site.blogDir, port, ...(scgi ? { scgiPort: scgi.port } : {}) });
  }, 60_000);

  afterAll(async () => {
    await web?.stop();
    await scgi?.stop();
    site?.remove();
  });

  /** Fails with the servers' logs, which say why far better than a status code. */
  const fetchText = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${web.origin}${path}`, { redirect: "manual", ...init });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  };
  const expectOk = (result: { status: number; text: string }, path: string): void => {
    if (result.status !== 200) throw new Error(`${path}: ${result.status}\n${result.text.slice(0, 500)}\n--- logs\n${web.logs()}${scgi ? `\n--- blossom scgi\n${scgi.output()}` : ""}`);
  };

  it("serves the front page, with every link carrying /blog/", async () => {
    const page = await fetchText("/blog/");
    expectOk(page, "/blog/");
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.text).toContain("Small Hours");
    const hrefs = [...page.text.matchAll(/(?:href|src)="([^"#][^"]*)"/g)].map((m) => m[1]!);
    const local = hrefs.filter((h) => h.startsWith("/") || h.startsWith("http://127.0.0.1"));
    expect(local.length).toBeGreaterThan(10);
    for (const href of local) expect(href).toMatch(new RegExp(`^(/blog/|http://127\\.0\\.0\\.1:${port}/blog/)`));
    frontPages.set(setup, page.text.replaceAll(`127.0.0.1:${port}`, "127.0.0.1:PORT"));
  });

  it("serves a category and an entry", async () => {
    const category = await fetchText("/blog/tech/");
    expectOk(category, "/blog/tech/");
    const entry = /class="entry-title"><a href="(\/blog\/tech\/[^"]+\.html)">([^<]+)</.exec(category.text);
    expect(entry).not.toBeNull();
    const page = await fetchText(entry![1]!);
    expectOk(page, entry![1]!);
    expect(page.text).toContain(entry![2]!);
  });

  it("serves ?flav=rss as a feed with absolute /blog/ links", async () => {
    const rss = await fetchText("/blog/?flav=rss");
    expectOk(rss, "/blog/?flav=rss");
    expect(rss.headers.get("content-type")).toMatch(/^application\/rss\+xml/);
    const feed = parseFeed(rss.text);
    expect(feed.items.length).toBeGreaterThan(0);
    for (const item of feed.items) expect(item.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/blog/.+\\.html$`));
  });

  it("passes a POST and its body through unchanged", async () => {
    const body = `name=Ada&comment=${encodeURIComponent("héllo ".repeat(2000))}`;
    const echo = await fetchText("/blog/probe/echo?via=post", { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expectOk(echo, "POST /blog/probe/echo");
    expect(JSON.parse(echo.text)).toMatchObject({
      method: "POST",
      path: "/probe/echo",
      query: { via: "post" },
      body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const page = await fetchText("/blog/tech/", { method: "POST", body: "x=1", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expectOk(page, "POST /blog/tech/");
    expect(page.text).toContain("Small Hours");
  });

  it("serves a static file from disk, through the server's alias", async () => {
    const css = await fetchText("/blog/static/blossom.css");
    expectOk(css, "/blog/static/blossom.css");
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);
    expect(css.text).toBe(readFileSync(join(site.blogDir, "static", "blossom.css"), "utf8"));
  });

  it("redirects /blog to /blog/, keeping the query", async () => {
    for (const [from, to] of [["/blog", "/blog/"], ["/blog?x=1", "/blog/?x=1"]] as const) {
      const redirect = await fetchText(from);
      expect([from, redirect.status]).toEqual([from, 301]);
      expect(new URL(redirect.headers.get("location")!, web.origin).href).toBe(`${web.origin}${to}`);
    }
  });

  it("does not answer /blog2 with the blog", async () => {
    const other = await fetchText("/blog2");
    expect(other.status).toBe(404);
    expect(other.text).not.toContain("Small Hours");
    expect(other.text).not.toContain("Blossom");
  });
});

describe("pages through every set-up", () => {
  it("are identical, whether the path came from SCRIPT_NAME + PATH_INFO or from REQUEST_URI", () => {
    expect([...frontPages.keys()].sort()).toEqual([...SETUP_NAMES].sort());
    const [first, ...rest] = [...frontPages.values()];
    for (const page of rest) expect(page).toBe(first);
  });
});
