import { tagCloud, sizePercent } from "../../plugins/tags/cloud";
import { parseTags, tagKey } from "../../plugins/tags/tag-names";
import { readTagPath } from "../../plugins/tags/tag-request";
import { get } from "../helpers/temp-blog";
import { featureBlog, readVar, type FeatureBlog } from "./feature-blog";

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const cloud = (counts: Record<string, number>, sizes = 5, minCount = 1, maxTags = 0) =>
  Object.fromEntries(
    tagCloud(
      Object.entries(counts).map(([name, count]) => ({ key: name, name, count })),
      { sizes, minCount, maxTags },
      byName,
    ).map((t) => [t.name, t.size]),
  );

describe("tag names", () => {
  it("splits, trims, folds spaces and drops empty and repeated tags (case-insensitively)", () => {
    expect(parseTags(" JavaScript,  node.js ,, javascript,Big   Data, ", ",")).toEqual([
      { name: "JavaScript", key: "javascript" },
      { name: "node.js", key: "node.js" },
      { name: "Big Data", key: "big data" },
    ]);
    expect(parseTags(undefined, ",")).toEqual([]);
    expect(parseTags("", ",")).toEqual([]);
    expect(parseTags("a; b", ";")).toEqual([
      { name: "a", key: "a" },
      { name: "b", key: "b" },
    ]);
  });

  it("drops tags browsers would rewrite in a URL, keeps the rest", () => {
    expect(parseTags("., .., a/, /b, x/../y, c/d, C++, été", ",").map((t) => t.key)).toEqual(["c/d", "c++", "été"]);
    expect(tagKey("E\u0301TÉ")).toBe(tagKey("été"));
  });
});

describe("tag cloud weights", () => {
  it("gives the least used tag size 1 and the most used the largest size, log-scaled between", () => {
    expect(cloud({ a: 1, b: 2, c: 4, d: 8, e: 16 })).toEqual({ a: 1, b: 2, c: 3, d: 4, e: 5 });
    expect(cloud({ rare: 3, common: 300 }, 3)).toEqual({ rare: 1, common: 3 });
  });

  it("handles PyBlosxom's vector, where its constant minimum of 2 made 6 and 4 both 'biggest'", () => {
    expect(cloud({ tag1: 6, tag2: 4, tag3: 1 })).toEqual({ tag1: 5, tag2: 4, tag3: 1 });
  });

  it("is not thrown by equal counts, a single tag, one size class, or nothing", () => {
    expect(cloud({ a: 2, b: 2, c: 2 })).toEqual({ a: 1, b: 1, c: 1 });
    expect(cloud({ only: 7 })).toEqual({ only: 1 });
    expect(cloud({ a: 1, b: 9 }, 1)).toEqual({ a: 1, b: 1 });
    expect(cloud({})).toEqual({});
    expect(sizePercent(1, 1, 100, 180)).toBe(100);
    expect(sizePercent(3, 5, 100, 180)).toBe(140);
    expect(sizePercent(5, 5, 100, 180)).toBe(180);
  });

  it("scales between the tags shown: min_count and max_tags move the bounds", () => {
    expect(cloud({ a: 1, b: 2, c: 4, d: 8 }, 5, 2)).toEqual({ b: 1, c: 3, d: 5 });
    expect(cloud({ a: 1, b: 2, c: 4, d: 8 }, 5, 1, 2)).toEqual({ c: 1, d: 5 });
    expect(Object.keys(cloud({ zeta: 5, alpha: 5, mid: 5 }, 5, 1, 2))).toEqual(["alpha", "mid"]);
  });
});

describe("tag URLs", () => {
  const isTag = (tag: string): boolean => ["node", "node.js", "a/b"].includes(tag);
  it.each([
    ["/tags/node/", { tag: "node" }],
    ["/tags/node", { tag: "node" }],
    ["/tags/node/index.rss", { tag: "node", flavour: "rss" }],
    ["/tags/node/index", { tag: "node" }],
    ["/tags/node.js", { tag: "node.js" }],
    ["/tags/node.rss", { tag: "node", flavour: "rss" }],
    ["/tags/a/b/", { tag: "a/b" }],
    ["/tags/", undefined],
    ["/tags", undefined],
    ["/other/node/", undefined],
  ])("%s", (path, expected) => {
    expect(readTagPath(path, "tags", isTag)).toEqual(expected);
  });
});

describe("tags plugin", () => {
  let site: FeatureBlog;
  const NOW = new Date("2025-06-01T00:00:00Z");
  beforeAll(async () => {
    site = await featureBlog(
      "base_url: http://example.com/blog/\ntimezone: UTC\nnum_entries: 2\nplugins:\n  - markdown\n  - tags\n",
      {
        "one.txt": { date: "2025-01-01", tags: "JavaScript, node" },
        "two.txt": { date: "2025-01-02", tags: "javascript" },
        "three.txt": { date: "2025-01-03", tags: "javaScript, C++, big data" },
        "four.md": "---\ntitle: Four\ndate: 2025-01-04\ntags: [javascript, yaml]\n---\nBody.\n",
        "plain.txt": { date: "2025-01-05" },
        "draft.txt": { date: "2025-01-06", tags: "secret", draft: true },
        "future.txt": { date: "2025-09-01", tags: "upcoming, node" },
      },
    );
  });
  afterAll(() => site.close());

  it("serves a tag's page with the entries carrying it in any case, cut to num_entries", async () => {
    const page = await get(site.blog, "/tags/javascript/index.vars", {}, { now: NOW });
    expect(page.status).toBe(200);
    expect(page.text.match(/^story \S+/gm)).toEqual(["story four", "story three"]);
    expect(readVar(page.text, "tag")).toBe("javascript");
    expect(readVar(page.text, "page_kind")).toBe("tag");
    expect(readVar(page.text, "page_title")).toBe("javascript");
    expect(readVar(page.text, "url")).toBe("http://example.com/blog/tags/javascript/index.vars");
    expect(readVar(page.text, "feed_rss")).toBe("http://example.com/blog/tags/javascript/index.rss");
    const upper = await get(site.blog, "/tags/JAVASCRIPT/", {}, { now: NOW });
    expect(upper.status).toBe(200);
    expect(upper.text).toContain("<title>javascript · ");
    expect(upper.text).toContain('<span class="page-label-tag">Tagged </span>javascript</h1>');
  });

  it("has its own RSS and Atom feeds", async () => {
    const rss = await get(site.blog, "/tags/node/index.rss", {}, { now: NOW });
    expect(rss.status).toBe(200);
    expect(rss.headers["Content-Type"]).toMatch(/rss\+xml/);
    expect(rss.text.match(/<item>/g)).toHaveLength(1);
    expect(rss.text).toContain("<link>http://example.com/blog/one.html</link>");
    expect(rss.text).toContain('<atom:link rel="self" href="http://example.com/blog/tags/node/index.rss"');
    const atom = await get(site.blog, "/tags/node/index.atom", {}, { now: NOW });
    expect(atom.status).toBe(200);
    expect(atom.text.match(/<entry>/g)).toHaveLength(1);
  });

  it("percent-encodes tag URLs and reads them back decoded", async () => {
    const page = await get(site.blog, "/three.html", {}, { now: NOW });
    expect(page.text).toContain('<li><a href="/blog/tags/c%2B%2B/" rel="tag">C++</a></li>');
    expect(page.text).toContain('<li><a href="/blog/tags/big%20data/" rel="tag">big data</a></li>');
    for (const path of ["/tags/c++/", "/tags/big data/"]) expect((await get(site.blog, path, {}, { now: NOW })).status).toBe(200);
  });

  it("gives each entry tag links (tags_html, tag_list), and an untagged entry none", async () => {
    const front = await get(site.blog, "/2025/index.vars", {}, { now: NOW }); // date pages are not cut to num_entries
    expect(front.text).toContain("story one tags=JavaScript>/blog/tags/javascript/ node>/blog/tags/node/ \n");
    expect(front.text).toContain("story four tags=javascript>/blog/tags/javascript/ yaml>/blog/tags/yaml/ \n");
    expect(front.text).toContain("story plain tags=\n");
    const plain = await get(site.blog, "/plain.html", {}, { now: NOW });
    expect(plain.text).not.toContain("entry-tags");
    expect(plain.text).not.toContain('href="/blog/tags/"');
  });

  it("weighs the cloud by visible entries, names a tag as most entries spell it, and marks the current tag", async () => {
    const front = await get(site.blog, "/tags/node/index.vars", {}, { now: NOW });
    expect(readVar(front.text, "tagcloud")).toBe(
      [
        "big data:1:1:/blog/tags/big%20data/:false",
        "C++:1:1:/blog/tags/c%2B%2B/:false",
        "javascript:4:5:/blog/tags/javascript/:false",
        "node:1:1:/blog/tags/node/:true",
        "yaml:1:1:/blog/tags/yaml/:false",
      ].join(" "),
    );
    const html = await get(site.blog, "/", {}, { now: NOW });
    expect(html.text).toContain('<li><a class="tag-size-5" href="/blog/tags/javascript/" style="font-size: 180%" data-count="4">javascript</a></li>');
  });

  it("404s a tag no visible entry carries, and shows it once it is due or drafts are rendered", async () => {
    for (const path of ["/tags/upcoming/", "/tags/secret/", "/tags/nothing/", "/tags/", "/tags/node/index.nope"]) {
      const response = await get(site.blog, path, {}, { now: NOW });
      expect(response.status).toBe(404);
    }
    expect((await get(site.blog, "/tags/upcoming/", {}, { now: new Date("2025-09-02T00:00:00Z") })).status).toBe(200);
    expect((await get(site.blog, "/tags/secret/", {}, { now: NOW, drafts: true })).status).toBe(200);
    const later = await get(site.blog, "/index.vars", {}, { now: new Date("2025-09-02T00:00:00Z") });
    expect(readVar(later.text, "tagcloud")).toContain("node:2:");
  });

  it("lists every tag page in every listing flavour for the static renderer", async () => {
    const urls = await site.blog.hooks.staticrenderFilelist.promise([], { flavours: ["html", "rss"], incremental: false, drafts: false, now: NOW });
    expect(urls.map((u) => u.path).sort()).toEqual(
      ["big%20data", "c%2B%2B", "javascript", "node", "yaml"].flatMap((t) => [`/tags/${t}/`, `/tags/${t}/index.rss`]).sort(),
    );
    expect(urls.find((u) => u.path === "/tags/node/")!.dependsOn).toEqual(["one"]);
    for (const url of urls) expect((await get(site.blog, decodeURIComponent(url.path), {}, { now: NOW })).status).toBe(200);
  });
});

describe("tags plugin options", () => {
  it("uses another trigger and separator, and leaves a same-named category alone for unknown tags", async () => {
    const site = await featureBlog("base_url: http://example.com/\nplugins:\n  - tags: {trigger: topic, separator: ';', truncate: false}\n", {
      "a.txt": { date: "2025-01-01", tags: "x; y, z" },
      "topic/b.txt": { date: "2025-01-02" },
    });
    try {
      expect((await get(site.blog, "/topic/y, z/")).status).toBe(200);
      expect((await get(site.blog, "/topic/")).status).toBe(200); // the category
      expect((await get(site.blog, "/topic/nope/")).status).toBe(404);
      expect((await get(site.blog, "/tags/x/")).status).toBe(404);
    } finally {
      await site.close();
    }
  });

  it("rejects a trigger that is not one path segment", async () => {
    await expect(featureBlog("base_url: http://example.com/\nplugins:\n  - tags: {trigger: a/b}\n", {})).rejects.toMatchObject({
      code: "BLOSSOM_ERR_PLUGIN_OPTIONS",
    });
  });
});
