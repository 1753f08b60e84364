import type { EntryRecord } from "../../core";
import { buildCategoryTree, flattenTree } from "../../plugins/categories/tree";
import { get } from "../helpers/temp-blog";
import { featureBlog, readVar, type FeatureBlog } from "./feature-blog";

const record = (id: string): EntryRecord => {
  const slash = id.lastIndexOf("/");
  return { id, file: `${id}.txt`, ext: "txt", category: slash < 0 ? "" : id.slice(0, slash), fn: id.slice(slash + 1), title: id, meta: {}, mtime: 0, size: 0, date: 0, draft: false };
};
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe("category tree", () => {
  it("counts each category's entries and its subcategories'", () => {
    const tree = buildCategoryTree(["", "a", "a/b", "a/b/c", "d"], ["a/x", "a/b/y", "a/b/c/z", "a/b/c/w", "top"].map(record), byName, false);
    expect(flattenTree(tree).map((n) => [n.path, n.depth, n.count])).toEqual([
      ["a", 0, 4],
      ["a/b", 1, 3],
      ["a/b/c", 2, 2],
    ]);
  });

  it("keeps empty folders only when asked, and nests in tree order, not string order", () => {
    const tree = buildCategoryTree(["a", "a-b", "a/c", "e"], ["a/c/x", "a-b/y"].map(record), byName, true);
    expect(flattenTree(tree).map((n) => n.path)).toEqual(["a", "a/c", "a-b", "e"]);
    expect(flattenTree(tree).find((n) => n.path === "e")!.count).toBe(0);
  });

  it("adds categories the folder list lacks, from the records", () => {
    const tree = buildCategoryTree([], [record("p/q/r")], byName, false);
    expect(flattenTree(tree).map((n) => [n.path, n.count])).toEqual([
      ["p", 1],
      ["p/q", 1],
    ]);
  });
});

describe("categories plugin", () => {
  let site: FeatureBlog;
  const NOW = new Date("2025-06-01T00:00:00Z");
  beforeAll(async () => {
    site = await featureBlog("base_url: http://example.com/blog/\ntimezone: UTC\nplugins:\n  - categories\n", {
      "hello.txt": { date: "2025-01-01" },
      "tech/one.txt": { date: "2025-01-02" },
      "tech/js/two.txt": { date: "2025-01-03" },
      "tech/js/three.txt": { date: "2025-01-04" },
      "tech/js/draft.txt": { date: "2025-01-05", draft: true },
      "food & drink/soup.txt": { date: "2025-01-06" },
      "later/soon.txt": { date: "2025-07-01" },
      "drafts-only/x.txt": { date: "2025-01-01", draft: true },
    });
  });
  afterAll(() => site.close());

  it("lists visible entries only, with counts that include subcategories, as data in any flavour", async () => {
    const page = await get(site.blog, "/index.vars", {}, { now: NOW });
    expect(readVar(page.text, "categories")).toBe(
      [
        "food &amp; drink:0:1:/blog/food%20%26%20drink/:/blog/food%20%26%20drink/index.rss:false",
        "tech:0:3:/blog/tech/:/blog/tech/index.rss:false",
        "tech/js:1:2:/blog/tech/js/:/blog/tech/js/index.rss:false",
      ].join(" "),
    );
  });

  it("renders a nested list whose links carry the mount, with counts and feed links", async () => {
    const page = await get(site.blog, "/", {}, { now: NOW });
    expect(page.status).toBe(200);
    const html = page.text.slice(page.text.indexOf('<ul class="categories">'));
    expect(html).toContain('<li><a href="/blog/tech/">tech</a> <span class="count">(3)</span> <a class="category-feed" href="/blog/tech/index.rss" aria-label="tech feed">feed</a>\n<ul>\n<li><a href="/blog/tech/js/">js</a> <span class="count">(2)</span>');
    expect(html).toContain('<a href="/blog/food%20%26%20drink/">food &amp; drink</a>');
    expect(html).not.toContain("drafts-only");
    expect(html).not.toContain("later");
  });

  it("marks the category being shown, on every page of it and in every flavour", async () => {
    const html = await get(site.blog, "/tech/js/", {}, { now: NOW });
    expect(html.text).toContain('<a href="/blog/tech/js/" aria-current="page">js</a>');
    expect(html.text).not.toContain('<a href="/blog/tech/" aria-current');
    const vars = await get(site.blog, "/tech/index.vars", {}, { now: NOW });
    expect(readVar(vars.text, "categories")).toContain("tech:0:3:/blog/tech/:/blog/tech/index.rss:true");
    const entry = await get(site.blog, "/tech/one.vars", {}, { now: NOW });
    expect(readVar(entry.text, "categories")).not.toContain(":true");
  });

  it("counts a future entry once it is due, and drafts only when drafts are rendered", async () => {
    const before = readVar((await get(site.blog, "/index.vars", {}, { now: NOW })).text, "categories");
    const after = readVar((await get(site.blog, "/index.vars", {}, { now: new Date("2025-07-02T00:00:00Z") })).text, "categories");
    expect(before).not.toContain("later:");
    expect(after).toContain("later:0:1:");
    const drafts = readVar((await get(site.blog, "/index.vars", {}, { now: NOW, drafts: true })).text, "categories");
    expect(drafts).toContain("tech/js:1:3:");
    expect(drafts).toContain("drafts-only:0:1:");
  });
});

describe("categories plugin options", () => {
  it("shows empty categories and leaves feed links out when told to", async () => {
    const site = await featureBlog(
      "base_url: http://example.com/\nplugins:\n  - categories: {show_empty: true, feed_flavour: ''}\n",
      { "a/x.txt": { date: "2025-01-01" }, "b/y.txt": { date: "2025-01-01", draft: true } },
    );
    try {
      const page = await get(site.blog, "/");
      expect(page.text).toContain('<a href="/b/">b</a> <span class="count">(0)</span></li>');
      expect(page.text).not.toContain("category-feed");
    } finally {
      await site.close();
    }
  });

  it("picks up a new entry file (the index generation changes)", async () => {
    const site = await featureBlog("base_url: http://example.com/\nplugins:\n  - categories\n", { "a/x.txt": { date: "2025-01-01" } });
    try {
      expect(readVar((await get(site.blog, "/index.vars")).text, "categories")).toBe("a:0:1:/a/:/a/index.rss:false");
      const { writeFileSync, mkdirSync } = await import("node:fs");
      mkdirSync(`${site.dir}/entries/c`);
      writeFileSync(`${site.dir}/entries/c/y.txt`, "Y\n#date 2025-01-02\n<p>y</p>\n");
      await site.blog.entries.refreshFile("c/y.txt");
      expect(readVar((await get(site.blog, "/index.vars")).text, "categories")).toBe("a:0:1:/a/:/a/index.rss:false c:0:1:/c/:/c/index.rss:false");
    } finally {
      await site.close();
    }
  });
});
