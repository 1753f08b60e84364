import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { Blog } from "../../core/blog";
import { sitemapFiles } from "../../plugins/sitemap/xml";
import { get, withTempBlog, type FileSpec } from "../helpers/temp-blog";

interface UrlEntry {
  loc: string;
  lastmod?: string;
}

/** Checks the XML is well-formed and a sitemaps.org urlset, and returns its URLs. */
function parseUrlset(xml: string): UrlEntry[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')).toBe(true);
  const parsed = new XMLParser({ isArray: (name) => name === "url" }).parse(xml) as { urlset: { url?: UrlEntry[] } };
  const urls = parsed.urlset.url ?? [];
  for (const url of urls) {
    expect(url.loc).toMatch(/^https?:\/\/[^\s<>"]+$/);
    if (url.lastmod !== undefined) expect(url.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  }
  return urls;
}

const day = (iso: string): Date => new Date(`${iso}T12:00:00Z`);

const FILES: Record<string, FileSpec> = {
  "entries/hello.txt": { text: "Hello\n<p>hi</p>\n", mtime: day("2024-01-01") },
  "entries/cat/one.txt": { text: "One\n<p>1</p>\n", mtime: day("2024-02-01") },
  "entries/cat/sub/two.txt": { text: "Two\n#date 2024-03-01T08:00:00Z\n<p>2</p>\n", mtime: day("2025-01-01") },
  "entries/other/three.txt": { text: "Three\n<p>3</p>\n", mtime: day("2024-01-15") },
  "entries/other/draft.txt": { text: "Draft\n#draft\n<p>d</p>\n", mtime: day("2024-05-01") },
  "entries/hidden/future.txt": { text: "Future\n#date 2999-01-01\n<p>f</p>\n" },
  "entries/attic/old.txt": { text: "Old\n<p>o</p>\n" },
  "entries/empty/.keep": "",
  "entries/odd name & more.txt": { text: "Odd\n<p>o</p>\n", mtime: day("2023-06-01") },
};

function withBlog(config: string, run: (blog: Blog, dir: string) => Promise<void>, extra: Record<string, FileSpec> = {}): Promise<void> {
  return withTempBlog({ "config.yaml": config, ...FILES, ...extra }, run);
}

const ROOT = "title: S\nbase_url: https://example.com/\nignore_directories: [attic]\nplugins:\n  - sitemap\n";

describe("sitemap: /sitemap.xml", () => {
  it("lists the front page, each category with a visible entry, and each visible entry, with lastmod", async () => {
    await withBlog(ROOT, async (blog) => {
      const page = await get(blog, "/sitemap.xml");
      expect(page.status).toBe(200);
      expect(page.headers["Content-Type"]).toBe("application/xml; charset=utf-8");
      expect(parseUrlset(page.text)).toEqual([
        { loc: "https://example.com/", lastmod: "2024-03-01T08:00:00Z" },
        { loc: "https://example.com/cat/", lastmod: "2024-03-01T08:00:00Z" },
        { loc: "https://example.com/cat/sub/", lastmod: "2024-03-01T08:00:00Z" },
        { loc: "https://example.com/other/", lastmod: "2024-01-15T12:00:00Z" },
        { loc: "https://example.com/cat/sub/two.html", lastmod: "2024-03-01T08:00:00Z" },
        { loc: "https://example.com/cat/one.html", lastmod: "2024-02-01T12:00:00Z" },
        { loc: "https://example.com/other/three.html", lastmod: "2024-01-15T12:00:00Z" },
        { loc: "https://example.com/hello.html", lastmod: "2024-01-01T12:00:00Z" },
        { loc: "https://example.com/odd%20name%20%26%20more.html", lastmod: "2023-06-01T12:00:00Z" },
      ]);
      // Every listed page exists.
      for (const { loc } of parseUrlset(page.text)) {
        const path = decodeURIComponent(new URL(loc).pathname);
        expect([path, (await get(blog, path)).status]).toEqual([path, 200]);
      }
    });
  });

  it("lists an entry once its date has come", async () => {
    await withBlog(ROOT, async (blog) => {
      const later = await get(blog, "/sitemap.xml", {}, { now: new Date("2999-06-01T00:00:00Z") });
      expect(parseUrlset(later.text).map((u) => u.loc)).toEqual(expect.arrayContaining(["https://example.com/hidden/future.html", "https://example.com/hidden/"]));
    });
  });

  it("escapes URLs for XML and carries the mount of base_url", async () => {
    await withBlog(ROOT.replace("https://example.com/", "https://example.com/a&b's/"), async (blog) => {
      const page = await get(blog, "/sitemap.xml");
      expect(page.text).toContain("<loc>https://example.com/a&amp;b&apos;s/cat/one.html</loc>");
      expect(parseUrlset(page.text)[0]).toEqual({ loc: "https://example.com/a&b's/", lastmod: "2024-03-01T08:00:00Z" });
    });
  });

  it("adds the html pages other plugins declare for the static render, minus feeds and excluded paths", async () => {
    const extra = {
      "extra.js": `module.exports = { name: "extra", apply(blog) {
        blog.hooks.staticrenderFilelist.tap("extra", (urls) => [...urls,
          { path: "/tags/rock%26roll/", dependsOn: ["hello", "cat/one", "other/draft"] },
          { path: "/tags/rock%26roll/index.rss" },
          { path: "/tags/none/" },
          { path: "/tags/rock%26roll/page/2/", dependsOn: ["hello"] },
          { path: "/cat/" },
        ]);
      } };`,
    };
    const config = ROOT.replace("  - sitemap\n", '  - ./extra.js\n  - sitemap:\n      exclude: ["/page/[0-9]+/$"]\n');
    await withBlog(
      config,
      async (blog) => {
        const urls = parseUrlset((await get(blog, "/sitemap.xml")).text);
        expect(urls.slice(-2)).toEqual([
          { loc: "https://example.com/tags/rock%26roll/", lastmod: "2024-02-01T12:00:00Z" },
          { loc: "https://example.com/tags/none/" },
        ]);
        expect(urls.filter((u) => u.loc === "https://example.com/cat/")).toHaveLength(1);
      },
      extra,
    );
    await withBlog(
      config.replace('exclude: ["/page/[0-9]+/$"]', "pages_from_plugins: false"),
      async (blog) => {
        expect((await get(blog, "/sitemap.xml")).text).not.toContain("/tags/");
      },
      extra,
    );
  });

  it("is served at the configured path, and only for GET and HEAD", async () => {
    await withBlog(ROOT.replace("  - sitemap\n", "  - sitemap:\n      path: /maps/site.xml\n"), async (blog) => {
      expect((await get(blog, "/maps/site.xml")).status).toBe(200);
      expect((await get(blog, "/maps/site.xml", { method: "HEAD" })).status).toBe(200);
      expect((await get(blog, "/sitemap.xml")).status).toBe(404);
      expect((await get(blog, "/maps/site-1.xml")).status).toBe(404);
      expect((await get(blog, "/maps/site.xml", { method: "POST" })).status).toBe(404);
      expect((await get(blog, "/robots.txt")).text).toContain("Sitemap: https://example.com/maps/site.xml\n");
    });
  });

  it("splits into a sitemap index past the per-file limit", () => {
    const pages = [{ path: "/", lastmod: Date.parse("2024-01-01T00:00:00Z") }, { path: "/a.html", lastmod: Date.parse("2024-02-01T00:00:00Z") }, { path: "/b.html" }];
    const files = sitemapFiles(pages, "/sitemap.xml", (p) => `https://example.com${p}`, 2);
    expect([...files.keys()]).toEqual(["/sitemap.xml", "/sitemap-1.xml", "/sitemap-2.xml"]);
    const index = files.get("/sitemap.xml")!;
    expect(XMLValidator.validate(index)).toBe(true);
    expect(index).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(index).toContain("<sitemap><loc>https://example.com/sitemap-1.xml</loc><lastmod>2024-02-01T00:00:00Z</lastmod></sitemap>");
    expect(index).toContain("<sitemap><loc>https://example.com/sitemap-2.xml</loc></sitemap>");
    expect(parseUrlset(files.get("/sitemap-2.xml")!)).toEqual([{ loc: "https://example.com/b.html" }]);
    expect(parseUrlset(sitemapFiles([], "/sitemap.xml", (p) => `https://example.com${p}`).get("/sitemap.xml")!)).toEqual([]);
  });
});

describe("sitemap: /robots.txt", () => {
  it("allows everything and names the sitemap", async () => {
    await withBlog(ROOT, async (blog) => {
      const robots = await get(blog, "/robots.txt");
      expect(robots.headers["Content-Type"]).toBe("text/plain; charset=utf-8");
      expect(robots.text).toBe("User-agent: *\nDisallow:\n\nSitemap: https://example.com/sitemap.xml\n");
    });
  });

  it("serves the owner's static/robots.txt instead, adding the Sitemap line only if it has none", async () => {
    await withBlog(ROOT, async (blog) => {
      expect((await get(blog, "/robots.txt")).text).toBe("User-agent: *\nDisallow: /private/\n\nSitemap: https://example.com/sitemap.xml\n");
    }, { "static/robots.txt": "User-agent: *\nDisallow: /private/\n" });
    const own = "User-agent: *\nDisallow:\nsitemap: https://elsewhere.example/map.xml";
    await withBlog(ROOT, async (blog) => {
      expect((await get(blog, "/robots.txt")).text).toBe(own);
    }, { "static/robots.txt": own });
  });

  it("is not served below the root of a host, where crawlers never look, and `check` says so", async () => {
    await withBlog(ROOT.replace("https://example.com/", "https://example.com/blog/"), async (blog) => {
      expect((await get(blog, "/robots.txt")).status).toBe(404);
      expect((await get(blog, "/sitemap.xml")).status).toBe(200);
      const findings = (await blog.verify()).filter((f) => f.plugin === "sitemap");
      expect(findings.map((f) => f.level)).toEqual(["ok", "warn"]);
      expect(findings[1]!.message).toContain('add "Sitemap: https://example.com/blog/sitemap.xml" to that robots.txt');
    });
    await withBlog(ROOT.replace("  - sitemap\n", "  - sitemap:\n      robots: false\n"), async (blog) => {
      expect((await get(blog, "/robots.txt")).status).toBe(404);
    });
  });
});

describe("sitemap: static render", () => {
  it("adds sitemap.xml and robots.txt to the pages blossom render writes", async () => {
    await withBlog(ROOT, async (blog) => {
      const urls = await blog.hooks.staticrenderFilelist.promise([{ path: "/" }], { flavours: ["html"], incremental: false, drafts: false });
      expect(urls).toEqual([{ path: "/" }, { path: "/sitemap.xml" }, { path: "/robots.txt" }]);
    });
  });
});
