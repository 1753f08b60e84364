// `blossom render` with readmore, jsonfeed, sitemap and conditionalhttp: the files match what the dynamic blog
// serves, every URL the sitemap and the feed links name is written, and an incremental render keeps them current.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { blossom } from "../helpers/cli";
import { makeTempDir, removeDir } from "../helpers/temp-blog";

const CONFIG = `title: Rendered
base_url: http://example.com/
timezone: UTC
num_entries: 3
plugins:
  - readmore
  - jsonfeed
  - sitemap
  - conditionalhttp
`;

const ENTRIES: Record<string, string> = {
  "entries/a/one.txt": "One\n#date 2024-01-01\n#tags x\n<p>One summary.</p>\n<!--more-->\n<p>ONE-REST</p>\n",
  "entries/a/two.txt": "Two\n#date 2024-02-01\n<p>Two.</p>\n",
  "entries/b/three.txt": "Three\n#date 2024-03-01\n<p>Three summary.</p>\n<!--more-->\n<p>THREE-REST</p>\n",
  "entries/four.txt": "Four\n#date 2024-04-01\n<p>Four.</p>\n",
  "static/site.css": "body {}\n",
};

function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(root, path) : [relative(root, path)];
  });
}

/** The file an absolute URL of the blog is written to. */
function fileOf(url: string): string {
  const path = decodeURIComponent(new URL(url).pathname);
  return (path.endsWith("/") ? `${path}index.html` : path).slice(1);
}

describe("blossom render with readmore, jsonfeed, sitemap and conditionalhttp", () => {
  let dir: string;
  let out: string;
  const env = { SOURCE_DATE_EPOCH: String(Date.UTC(2025, 0, 1) / 1000) };
  const render = (...args: string[]) =>
    blossom(["render", "--config", join(dir, "config.yaml"), "--out", out, "--flavours", "html,rss", "--jobs", "1", ...args], { env });
  const read = (file: string): string => readFileSync(join(out, file), "utf8");
  const sitemapLocs = (): Array<{ loc: string; lastmod?: string }> =>
    (new XMLParser({ isArray: (name) => name === "url" }).parse(read("sitemap.xml")) as { urlset: { url: Array<{ loc: string; lastmod?: string }> } }).urlset.url;

  beforeAll(() => {
    dir = makeTempDir({ "config.yaml": CONFIG, ...ENTRIES });
    out = join(dir, "public");
    const result = render();
    expect(result.out).toMatch(/0 failed/);
    expect(result.status).toBe(0);
  });
  afterAll(() => removeDir(dir));

  it("writes sitemap.xml, whose every URL is a written page, and robots.txt pointing at it", () => {
    const locs = sitemapLocs();
    expect(locs.map((u) => u.loc)).toEqual([
      "http://example.com/",
      "http://example.com/a/",
      "http://example.com/b/",
      "http://example.com/four.html",
      "http://example.com/b/three.html",
      "http://example.com/a/two.html",
      "http://example.com/a/one.html",
    ]);
    for (const { loc } of locs) expect([loc, existsSync(join(out, fileOf(loc)))]).toEqual([loc, true]);
    expect(read("robots.txt")).toBe("User-agent: *\nDisallow:\n\nSitemap: http://example.com/sitemap.xml\n");
  });

  it("writes a JSON feed wherever it writes an RSS feed, and every feed_json link resolves", () => {
    const files = filesUnder(out);
    const rss = files.filter((f) => f.endsWith("index.rss")).sort();
    expect(rss.length).toBeGreaterThan(3);
    expect(files.filter((f) => f.endsWith("index.json")).sort()).toEqual(rss.map((f) => f.replace(/rss$/, "json")));
    for (const file of files.filter((f) => f.endsWith("index.json"))) {
      expect((JSON.parse(read(file)) as { version: string }).version).toBe("https://jsonfeed.org/version/1.1");
    }
    let links = 0;
    for (const file of files.filter((f) => f.endsWith(".html"))) {
      for (const [, href] of read(file).matchAll(/type="application\/feed\+json"[^>]*href="([^"]+)"/g)) {
        expect([file, href, existsSync(join(out, fileOf(href!)))]).toEqual([file, href, true]);
        links++;
      }
    }
    expect(links).toBeGreaterThan(10);
  });

  it("writes summaries on index pages and whole entries on entry pages", () => {
    expect(read("index.html")).toContain("Three summary.");
    expect(read("index.html")).not.toContain("THREE-REST");
    expect(read("index.html")).toContain('href="http://example.com/b/three.html">Continue reading');
    expect(read("b/three.html")).toContain("THREE-REST");
    expect(read("index.rss")).toContain("THREE-REST"); // feeds are full by default
  });

  it("writes the same bytes with or without conditionalhttp (it only acts on live requests)", () => {
    const withPlugin = read("index.html");
    writeFileSync(join(dir, "config.yaml"), CONFIG.replace("  - conditionalhttp\n", ""));
    try {
      expect(render().status).toBe(0);
      expect(read("index.html")).toBe(withPlugin);
    } finally {
      writeFileSync(join(dir, "config.yaml"), CONFIG);
    }
  });

  it("rewrites the sitemap in an incremental render when an entry is added", () => {
    writeFileSync(join(dir, "entries/b/five.txt"), "Five\n#date 2024-05-01\n<p>Five.</p>\n");
    const result = render("--incremental");
    expect(result.status).toBe(0);
    const locs = sitemapLocs();
    expect(locs[0]).toEqual({ loc: "http://example.com/", lastmod: "2024-05-01T00:00:00Z" });
    expect(locs.map((u) => u.loc)).toContain("http://example.com/b/five.html");
    expect(existsSync(join(out, "b/five.html"))).toBe(true);
  });
});
