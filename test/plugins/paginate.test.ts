import { pageNumbers } from "../../plugins/paginate/navigation";
import { pagePath, pagePattern } from "../../plugins/paginate/page-path";
import { get } from "../helpers/temp-blog";
import { featureBlog, readVar, type EntrySpec, type FeatureBlog } from "./feature-blog";

describe("page paths", () => {
  const read = pagePattern("page");
  it.each([
    ["/page/2/", { path: "/", page: "2" }],
    ["/page/2", { path: "/", page: "2" }],
    ["/tech/page/3/", { path: "/tech/", page: "3" }],
    ["/tags/x/page/3/", { path: "/tags/x/", page: "3" }],
    ["/2024/05/page/2/", { path: "/2024/05/", page: "2" }],
    ["/page/2/index.html", { path: "/index.html", page: "2" }],
    ["/page/page/2/", { path: "/page/", page: "2" }],
    ["/page/007/", { path: "/", page: "007" }],
    ["/page/", undefined],
    ["/page/abc/", undefined],
    ["/page/-1/", undefined],
    ["/page/2/extra/", undefined],
    ["/tech/", undefined],
  ])("%s", (path, expected) => {
    expect(read(path)).toEqual(expected);
  });

  it("builds page URLs, page 1 being the listing itself", () => {
    expect(pagePath("/", 2, "page")).toBe("/page/2/");
    expect(pagePath("/tech/", 1, "page")).toBe("/tech/");
    expect(pagePath("/tags/c%2B%2B/", 4, "seite")).toBe("/tags/c%2B%2B/seite/4/");
    expect(pagePath("/tech/index.xhtml", 2, "page")).toBe("/tech/page/2/index.xhtml");
  });
});

describe("numbered links", () => {
  it.each([
    [1, 1, 2, [1]],
    [1, 5, 2, [1, 2, 3, 4, 5]],
    [1, 10, 2, [1, 2, 3, "gap", 10]],
    [6, 12, 2, [1, "gap", 4, 5, 6, 7, 8, "gap", 12]],
    [4, 10, 1, [1, 2, 3, 4, 5, "gap", 10]], // a gap never hides a single page
    [10, 10, 0, [1, "gap", 10]],
  ])("page %i of %i, window %i", (page, pages, window, expected) => {
    expect(pageNumbers(page, pages, window)).toEqual(expected);
  });
});

/** Twelve entries, two a month from 2024-01 to 2024-06, a third of them in "cat", all tagged "x". */
function entries(): Record<string, EntrySpec> {
  const made: Record<string, EntrySpec> = {};
  for (let i = 1; i <= 12; i++) {
    const month = String(Math.ceil(i / 2)).padStart(2, "0");
    const day = i % 2 ? "10" : "20";
    made[`${i % 3 === 0 ? "cat/" : ""}e${String(i).padStart(2, "0")}.txt`] = { date: `2024-${month}-${day}`, tags: "x" };
  }
  return made;
}

const stories = (text: string): string[] => (text.match(/^story (\S+)/gm) ?? []).map((s) => s.slice(6));

describe("paginate plugin", () => {
  let site: FeatureBlog;
  beforeAll(async () => {
    site = await featureBlog(
      "base_url: http://example.com/blog/\ntimezone: UTC\nnum_entries: 5\nplugins:\n  - categories\n  - tags\n  - paginate: {flavours: [html, vars]}\n",
      entries(),
    );
  });
  afterAll(() => site.close());

  it("splits the front page into pages of num_entries, newest first, with navigation data", async () => {
    const pages = await Promise.all(["/index.vars", "/page/2/index.vars", "/page/3/index.vars"].map((p) => get(site.blog, p)));
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
    expect(pages.map((p) => stories(p.text))).toEqual([
      ["cat/e12", "e11", "e10", "cat/e09", "e08"],
      ["e07", "cat/e06", "e05", "e04", "cat/e03"],
      ["e02", "e01"],
    ]);
    expect(readVar(pages[0]!.text, "pagination")).toBe("1/3 prev= next=/blog/page/2/index.vars links=1*,2,3,");
    expect(readVar(pages[1]!.text, "pagination")).toBe("2/3 prev=/blog/index.vars next=/blog/page/3/index.vars links=1,2*,3,");
    expect(readVar(pages[1]!.text, "url")).toBe("http://example.com/blog/page/2/index.vars");
    expect(readVar(pages[1]!.text, "page_title")).toBe("Page 2");
  });

  it("renders page_navigation in the html flavour: previous, numbered and next links carrying the mount", async () => {
    const page = await get(site.blog, "/page/2/");
    expect(page.text).toContain(
      [
        '<nav class="page-navigation" aria-label="More entries">',
        '<ul class="pagination">',
        '<li><a href="/blog/" rel="prev">← Newer</a></li>',
        '<li><a href="/blog/" aria-label="Page 1">1</a></li>',
        '<li><span aria-current="page">2</span></li>',
        '<li><a href="/blog/page/3/" aria-label="Page 3">3</a></li>',
        '<li><a href="/blog/page/3/" rel="next">Older →</a></li>',
        "</ul>",
      ].join("\n"),
    );
    expect(page.text).toContain("<title>Page 2 · ");
    const last = await get(site.blog, "/page/3/");
    expect(last.text).not.toContain('rel="next"');
  });

  it("pages categories, tag pages and date archives, each at its own /page/N/", async () => {
    const category = await get(site.blog, "/cat/index.vars");
    expect(readVar(category.text, "pagination")).toBe("1/1 prev= next= links=1*,");
    const tag = await get(site.blog, "/tags/x/page/3/index.vars");
    expect(stories(tag.text)).toEqual(["e02", "e01"]);
    expect(readVar(tag.text, "tagcloud")).toContain("x:12:1:/blog/tags/x/:true");
    const tagHtml = await get(site.blog, "/tags/x/page/2/");
    expect(tagHtml.text).toContain('<a href="/blog/tags/x/page/3/" rel="next">');
    expect(tagHtml.text).toContain("Tagged </span>x · Page 2</h1>");
    const year = await get(site.blog, "/2024/page/2/index.vars");
    expect(readVar(year.text, "pagination")).toBe("2/3 prev=/blog/2024/index.vars next=/blog/2024/page/3/index.vars links=1,2*,3,");
    const month = await get(site.blog, "/2024/06/index.vars");
    expect(readVar(month.text, "pagination")).toBe("1/1 prev= next= links=1*,");
    expect((await get(site.blog, "/2024/06/page/2/")).status).toBe(404);
  });

  it("keeps the current category marked on later pages", async () => {
    const site2 = await featureBlog("base_url: http://example.com/\nnum_entries: 1\nplugins:\n  - categories\n  - paginate\n", {
      "c/a.txt": { date: "2024-01-01" },
      "c/b.txt": { date: "2024-01-02" },
    });
    try {
      const page = await get(site2.blog, "/c/page/2/");
      expect(page.status).toBe(200);
      expect(page.text).toContain('<a href="/c/" aria-current="page">c</a>');
    } finally {
      await site2.close();
    }
  });

  it("redirects /page/1/ to the plain URL", async () => {
    for (const [path, location] of [
      ["/page/1/", "/blog/"],
      ["/cat/page/1", "/blog/cat/"],
      ["/tags/x/page/1/", "/blog/tags/x/"],
    ] as const) {
      const response = await get(site.blog, path);
      expect([response.status, response.headers.Location]).toEqual([301, location]);
    }
    const flavoured = await get(site.blog, "/page/1/", { query: { flav: "vars" } });
    expect(flavoured.headers.Location).toBe("/blog/?flav=vars");
  });

  it("answers 404, never a crash, for any other page number", async () => {
    const paths = ["/page/4/", "/page/0/", "/page/00/", "/page/01/", "/page/-1/", "/page/abc/", "/page/1e3/", "/page/99999999999999999999/", "/page/999999999/", "/cat/page/2/", "/tags/x/page/4/", "/page/2/page/2/"];
    for (const path of paths) {
      const response = await get(site.blog, path);
      expect([path, response.status]).toEqual([path, 404]);
      expect(response.text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    }
    expect(site.lines.filter((l) => /ERR_INTERNAL|ERR_HOOK_FAILED/.test(l))).toEqual([]);
  });

  it("leaves feeds whole (cut to num_entries as usual) and 404s a paged feed", async () => {
    const feed = await get(site.blog, "/index.rss");
    expect(feed.status).toBe(200);
    expect(feed.text.match(/<item>/g)).toHaveLength(5);
    for (const path of ["/page/2/index.rss", "/tags/x/page/2/index.atom"]) expect((await get(site.blog, path)).status).toBe(404);
    expect((await get(site.blog, "/page/2/", { query: { flav: "rss" } })).status).toBe(404);
  });

  it("does not page a single entry", async () => {
    expect((await get(site.blog, "/e01.html")).status).toBe(200);
    expect((await get(site.blog, "/e01/page/2/")).status).toBe(404);
  });

  it("answers HEAD like GET", async () => {
    const head = await get(site.blog, "/page/2/", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
  });

  it("lists every later page of every paginated listing for the static renderer, with what each depends on", async () => {
    const base = ["/", "/cat/", "/2024/", "/2024/01/", "/index.rss", "/e01.html"].map((path) => ({ path }));
    const urls = await site.blog.hooks.staticrenderFilelist.promise(base, { flavours: ["html", "rss"], incremental: false, drafts: false });
    const added = urls.map((u) => u.path).filter((p) => p.includes("/page/"));
    expect(added.sort()).toEqual(["/2024/page/2/", "/2024/page/3/", "/page/2/", "/page/3/", "/tags/x/page/2/", "/tags/x/page/3/"]);
    expect(urls.find((u) => u.path === "/page/3/")!.dependsOn).toHaveLength(12);
    for (const path of added) expect((await get(site.blog, path)).status).toBe(200);
  });
});

describe("paginate plugin options", () => {
  it("takes its own page size and segment, and can leave dates whole", async () => {
    const site = await featureBlog("base_url: http://example.com/\nnum_entries: 0\nplugins:\n  - paginate: {per_page: 4, segment: seite, dates: false, flavours: [vars]}\n", entries());
    try {
      expect(readVar((await get(site.blog, "/seite/3/index.vars")).text, "pagination")).toBe("3/3 prev=/seite/2/index.vars next= links=1,2,3*,");
      expect((await get(site.blog, "/page/2/index.vars")).status).toBe(404);
      const year = await get(site.blog, "/2024/index.vars");
      expect(stories(year.text)).toHaveLength(12);
      expect(readVar(year.text, "pagination")).toBe("");
      expect((await get(site.blog, "/2024/seite/2/index.vars")).status).toBe(404);
    } finally {
      await site.close();
    }
  });

  it("pages 10 at a time when num_entries is 0 (show all)", async () => {
    const site = await featureBlog("base_url: http://example.com/\nnum_entries: 0\nplugins:\n  - paginate\n", entries());
    try {
      expect((await get(site.blog, "/page/2/")).status).toBe(200);
      expect((await get(site.blog, "/page/3/")).status).toBe(404);
    } finally {
      await site.close();
    }
  });

  it("keeps an empty front page a page, not a 404", async () => {
    const site = await featureBlog("base_url: http://example.com/\nplugins:\n  - paginate\n", {}, { "entries/notes.md": "not an entry" });
    try {
      expect((await get(site.blog, "/")).status).toBe(200);
      expect((await get(site.blog, "/page/2/")).status).toBe(404);
    } finally {
      await site.close();
    }
  });
});
