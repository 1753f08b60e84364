import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Blog } from "../../core/blog";
import type { StaticUrl } from "../../core/static-urls";
import { get, REPO, withTempBlog, type FileSpec } from "../helpers/temp-blog";

interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_html: string;
  date_published: string;
  date_modified: string;
  tags?: string[];
  authors?: Array<{ name: string }>;
  summary?: string;
}
interface JsonFeed {
  version: string;
  title: string;
  home_page_url: string;
  feed_url: string;
  description?: string;
  language?: string;
  authors?: Array<{ name: string }>;
  items: JsonFeedItem[];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Parses a JSON Feed and checks what version 1.1 requires of it and of each item. */
function parseFeed(text: string): JsonFeed {
  const feed = JSON.parse(text) as JsonFeed;
  expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
  expect(typeof feed.title).toBe("string");
  expect(Array.isArray(feed.items)).toBe(true);
  for (const item of feed.items) {
    expect(typeof item.id).toBe("string");
    expect(typeof item.content_html).toBe("string");
    expect(item.date_published).toMatch(RFC3339);
    expect(item.date_modified).toMatch(RFC3339);
  }
  return feed;
}

const CONFIG = 'title: "Quotes \\" and \\\\ backslash"\ndescription: "Line\\nbreak <b>"\nauthor: Ann\nlanguage: en-GB\nbase_url: https://example.com/blog/\nnum_entries: 50\nplugins:\n  - jsonfeed\n';
const NASTY = 'He said "hi" \\ then </script> \u2028 é 🌸\ttab';

function withBlog(files: Record<string, FileSpec>, run: (blog: Blog) => Promise<void>, config = CONFIG): Promise<void> {
  return withTempBlog({ "config.yaml": config, ...files }, run);
}

const entry = (n: number, extra = ""): FileSpec => ({
  text: `Entry ${n}\n#date 2024-05-${String(n).padStart(2, "0")}T10:00:00Z\n${extra}<p>Body ${n}</p>\n`,
  mtime: new Date("2024-06-01T00:00:00Z"),
});

describe("jsonfeed: the json flavour", () => {
  it("is valid JSON Feed 1.1 with no entries", async () => {
    await withBlog({ "entries/.keep": "" }, async (blog) => {
      const page = await get(blog, "/index.json");
      expect(page.status).toBe(200);
      expect(page.headers["Content-Type"]).toBe("application/feed+json; charset=utf-8");
      const feed = parseFeed(page.text);
      expect(feed.items).toEqual([]);
      expect(feed).toMatchObject({
        title: 'Quotes " and \\ backslash',
        description: "Line\nbreak <b>",
        language: "en-GB",
        authors: [{ name: "Ann" }],
        home_page_url: "https://example.com/blog/",
        feed_url: "https://example.com/blog/index.json",
      });
    });
  });

  it("is valid with one entry, escaping every value", async () => {
    // (A metadata line cannot hold U+2028: the .txt parser's "." stops there.)
    const author = NASTY.replace("\u2028", "");
    const text = `${NASTY}\n#tags a "b", c\\d, a "b"\n#author ${author}\n<p>${NASTY}</p>\n`;
    const files = { "entries/one.txt": { text, mtime: new Date("2024-05-01T10:00:00Z") } };
    await withBlog(files, async (blog) => {
      const feed = parseFeed((await get(blog, "/index.json")).text);
      expect(feed.items).toEqual([
        {
          id: "https://example.com/blog/one.html",
          url: "https://example.com/blog/one.html",
          title: NASTY,
          authors: [{ name: author }],
          tags: ['a "b"', "c\\d"],
          content_html: `<p>${NASTY}</p>\n`,
          date_published: "2024-05-01T10:00:00Z",
          date_modified: "2024-05-01T10:00:00Z",
        },
      ]);
      // The entry's own page in the json flavour is a feed of one item.
      expect(parseFeed((await get(blog, "/one.json")).text).items).toHaveLength(1);
    });
  });

  it("is valid with many entries, newest first, in categories and date archives", async () => {
    const files: Record<string, FileSpec> = {};
    for (let n = 1; n <= 12; n++) files[`entries/${n % 2 ? "odd" : "even"}/e${n}.txt`] = entry(n, n === 3 ? "#summary Third, in short\n" : "");
    await withBlog(files, async (blog) => {
      const all = parseFeed((await get(blog, "/index.json")).text);
      expect(all.items.map((i) => i.title)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((n) => `Entry ${n}`));
      expect(all.items.find((i) => i.title === "Entry 3")).toMatchObject({ summary: "Third, in short", date_modified: "2024-06-01T00:00:00Z" });
      const odd = parseFeed((await get(blog, "/odd/index.json")).text);
      expect(odd.items).toHaveLength(6);
      expect(odd.feed_url).toBe("https://example.com/blog/odd/index.json");
      expect(odd.home_page_url).toBe("https://example.com/blog/odd/");
      expect(parseFeed((await get(blog, "/2024/05/index.json")).text).items).toHaveLength(12);
      expect(parseFeed((await get(blog, "/odd/", { query: { flav: "json" } })).text).items).toHaveLength(6);
    });
  });

  it("is linked from the html head of every listing and entry page", async () => {
    await withBlog({ "entries/cat/one.txt": entry(1) }, async (blog) => {
      expect((await get(blog, "/")).text).toContain('<link rel="alternate" type="application/feed+json" title="Quotes &quot; and \\ backslash (JSON Feed)" href="https://example.com/blog/index.json">');
      for (const path of ["/cat/", "/cat/one.html"]) {
        expect((await get(blog, path)).text).toContain('type="application/feed+json" title="Quotes &quot; and \\ backslash · cat (JSON Feed)" href="https://example.com/blog/cat/index.json"');
      }
    });
  });

  it("carries read-more summaries when readmore is told to shorten feeds", async () => {
    const files = { "entries/long.txt": "Long\n<p>Short.</p>\n<!--more-->\n<p>SECRET rest.</p>\n" };
    const config = CONFIG.replace("  - jsonfeed\n", "  - readmore:\n      feeds: summary\n  - jsonfeed\n");
    await withBlog(files, async (blog) => {
      const [item] = parseFeed((await get(blog, "/index.json")).text).items;
      expect(item!.content_html).toBe('<p>Short.</p>\n\n<p class="readmore"><a class="readmore" href="https://example.com/blog/long.html">Read more…</a></p>');
    }, config);
  });

  it("lets the blog override its templates, and stays valid when a story is dropped", async () => {
    const files: Record<string, FileSpec> = {
      "flavours/json/content_type.mustache": "application/json\n",
      "entries/a.txt": entry(1),
      "entries/b.txt": entry(2),
      "entries/c.txt": entry(3),
      "drop.js": `module.exports = { name: "drop", apply(blog) {
        blog.hooks.story.tap({ name: "drop", stage: 0 }, (args) => args.entry && args.entry.id === "c" ? { ...args, template: "" } : args);
      } };`,
    };
    await withBlog(files, async (blog) => {
      const page = await get(blog, "/index.json");
      expect(page.headers["Content-Type"]).toBe("application/json");
      expect(parseFeed(page.text).items.map((i) => i.title)).toEqual(["Entry 2", "Entry 1"]);
    }, CONFIG.replace("  - jsonfeed\n", "  - ./drop.js\n  - jsonfeed\n"));
  });

  it("adds a json feed to the static render wherever an rss feed is written", async () => {
    await withBlog({ "entries/cat/one.txt": entry(1) }, async (blog) => {
      const urls: StaticUrl[] = [{ path: "/" }, { path: "/index.rss" }, { path: "/cat/index.rss", lists: { category: "cat" } }, { path: "/cat/one.html" }];
      const planned = await blog.hooks.staticrenderFilelist.promise(urls, { flavours: ["html", "rss"], incremental: false, drafts: false });
      expect(planned.slice(urls.length)).toEqual([{ path: "/index.json" }, { path: "/cat/index.json", lists: { category: "cat" } }]);
      const withJson = await blog.hooks.staticrenderFilelist.promise(urls, { flavours: ["html", "rss", "json"], incremental: false, drafts: false });
      expect(withJson).toEqual(urls);
    });
  });
});

describe("jsonfeed: packaging", () => {
  it("ships its flavour folder in the npm package (the CLI bundle finds it from the package root)", () => {
    const { files } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { files: string[] };
    expect(files).toContain("plugins/jsonfeed/flavours/");
    expect(readdirSync(join(REPO, "plugins/jsonfeed/flavours/json")).sort()).toEqual(
      ["content_type", "date_foot", "date_head", "foot", "head", "story"].map((t) => `${t}.mustache`),
    );
  });
});
