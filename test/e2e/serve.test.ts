import { parseFeed } from "@rowanmanning/feed-parser";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copySampleBlog, removeDir, writeFiles } from "../helpers/temp-blog";
import { eventually, startServe, type RunningServer } from "../helpers/serve";

/** The sample blog served at /blog/ (its base_url rewritten to the port the server gets is not needed: links are mount-relative). */
describe("blossom serve on the sample blog, mounted at /blog/", () => {
  let dir: string;
  let server: RunningServer;
  const base = "http://blog.example.org/blog";
  const fetchText = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${server.origin}${path}`, { redirect: "manual", ...init });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  beforeAll(async () => {
    dir = copySampleBlog();
    const config = join(dir, "config.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace(/^base_url: .*$/m, `base_url: ${base}/`));
    server = await startServe(config);
  });
  afterAll(async () => {
    await server?.stop();
    removeDir(dir);
  });

  it("serves the front page, with every link carrying the mount", async () => {
    const page = await fetchText("/blog/");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const hrefs = [...page.text.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(10);
    for (const href of hrefs) expect(href).toMatch(/^(\/blog\/|#|https?:\/\/(?!127\.0\.0\.1)|mailto:)/);
    expect(hrefs.filter((h) => h.startsWith(`${base}/`)).length).toBeGreaterThan(0); // feed links are absolute
  });

  it("redirects /blog to /blog/ and does not answer /blog2", async () => {
    const redirect = await fetchText("/blog?x=1");
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("location")).toBe("/blog/?x=1");
    expect((await fetchText("/blog2")).status).toBe(404);
    expect((await fetchText("/blog2")).text).not.toContain("Blossom");
    expect((await fetchText("/")).status).toBe(404);
  });

  it("follows the URL rules: categories, entries, dates, flavours", async () => {
    const front = await fetchText("/blog/");
    const entryLink = /class="entry-title"><a href="(\/blog\/[^"]+\.html)"/.exec(front.text)![1]!;
    expect((await fetchText(entryLink)).status).toBe(200);
    expect((await fetchText(entryLink.replace(/\.html$/, ""))).status).toBe(200);
    for (const path of ["/blog/tech/", "/blog/tech", "/blog/tech/javascript/", "/blog/tech/index.html", "/blog/2025/", "/blog/index.rss", "/blog/?flav=atom"]) {
      expect([path, (await fetchText(path)).status]).toEqual([path, 200]);
    }
    for (const path of ["/blog/nope/", "/blog/2025/02/30/", "/blog/tech/index.nosuch", "/blog/2001/"]) {
      expect([path, (await fetchText(path)).status]).toEqual([path, 404]);
    }
  });

  it("serves RSS and Atom that a feed parser reads, with absolute links, dates and stable ids", async () => {
    for (const path of ["/blog/index.rss", "/blog/index.atom", "/blog/tech/index.rss", "/blog/?flav=rss"]) {
      const res = await fetchText(path);
      expect(res.status).toBe(200);
      const feed = parseFeed(res.text);
      expect(feed.title).toContain("Small Hours");
      expect(feed.items.length).toBeGreaterThan(0);
      for (const item of feed.items) {
        expect(item.title).toBeTruthy();
        expect(item.url).toMatch(new RegExp(`^${base}/.+\\.html$`));
        expect(item.id).toBe(item.url);
        expect(item.published?.getTime()).toBeGreaterThan(Date.UTC(2023, 0, 1));
      }
      // The sample blog uses the tags plugin: an entry's tags are feed categories beside its category.
      const terms = feed.items.flatMap((item) => item.categories.map((c) => c.term));
      expect(terms).toEqual(expect.arrayContaining(["javascript"]));
    }
  });

  it("serves static files from static_dir, refusing to leave it", async () => {
    const css = await fetchText("/blog/static/blossom.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect((await fetchText("/blog/static/../config.yaml")).status).toBe(404);
    expect((await fetchText("/blog/static/%2e%2e/config.yaml")).status).toBe(404);
    expect((await fetchText("/blog/static/..%2fconfig.yaml")).status).toBe(404);
  });

  it("answers malformed URLs with 400, not a crash", async () => {
    expect((await fetchText("/blog/%E0%A4%A")).status).toBe(400);
    expect((await fetchText("/blog/")).status).toBe(200);
  });

  it("updates its index when entries are added, edited, renamed and removed", async () => {
    const titleOn = async (path: string) => (await fetchText(path)).text;
    writeFiles(dir, { "entries/tech/brand-new.txt": "A brand new entry\n#date 2026-11-01 10:00\n<p>fresh</p>\n" });
    await eventually(async () => expect(await titleOn("/blog/tech/")).toContain("A brand new entry"));

    writeFileSync(join(dir, "entries/tech/brand-new.txt"), "An edited title\n#date 2026-11-01 10:00\n<p>fresh</p>\n");
    await eventually(async () => expect(await titleOn("/blog/tech/brand-new.html")).toContain("An edited title"));

    renameSync(join(dir, "entries/tech/brand-new.txt"), join(dir, "entries/tech/renamed.txt"));
    await eventually(async () => {
      expect((await fetchText("/blog/tech/brand-new.html")).status).toBe(404);
      expect(await titleOn("/blog/tech/renamed.html")).toContain("An edited title");
    });

    rmSync(join(dir, "entries/tech/renamed.txt"));
    await eventually(async () => expect((await fetchText("/blog/tech/renamed.html")).status).toBe(404));
    expect(await titleOn("/blog/tech/")).not.toContain("An edited title");
  });

  it("picks up a new template in flavourdir without a restart", async () => {
    expect((await fetchText("/blog/travel/")).text).not.toContain('class="postcard"'); // now cached
    writeFiles(dir, { "flavours/travel/html/story.mustache": "<p class=\"postcard\">{{title}}</p>\n" });
    await eventually(async () => expect((await fetchText("/blog/travel/")).text).toContain('class="postcard"'));
  });

  it("stops gracefully on SIGTERM", async () => {
    expect(await server.stop()).toBe(0);
  });
});
