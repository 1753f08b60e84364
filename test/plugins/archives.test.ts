import type { EntryRecord } from "../../core";
import { dateParts } from "../../core";
import { countMonths, groupByYear } from "../../plugins/archives/months";
import { get } from "../helpers/temp-blog";
import { featureBlog, readVar, type FeatureBlog } from "./feature-blog";

const at = (id: string, iso: string): EntryRecord => {
  const slash = id.lastIndexOf("/");
  const category = slash < 0 ? "" : id.slice(0, slash);
  return { id, file: `${id}.txt`, ext: "txt", category, fn: id.slice(slash + 1), title: id, meta: {}, mtime: 0, size: 0, date: Date.parse(iso), draft: false };
};

describe("month counts", () => {
  it("counts by month in the blog's time zone, newest first, per category", () => {
    const records = [
      at("a/x", "2024-01-31T23:30:00Z"), // 1 February in Berlin
      at("a/b/y", "2024-02-10T12:00:00Z"),
      at("c/z", "2023-12-01T12:00:00Z"),
      at("top", "2024-03-01T12:00:00Z"),
    ];
    const months = "Europe/Berlin";
    expect(countMonths(records, "", months)).toEqual([
      { year: "2024", month: "03", count: 1 },
      { year: "2024", month: "02", count: 2 },
      { year: "2023", month: "12", count: 1 },
    ]);
    expect(countMonths(records, "a", months)).toEqual([{ year: "2024", month: "02", count: 2 }]);
    expect(countMonths(records, "a/b", months)).toEqual([{ year: "2024", month: "02", count: 1 }]);
    expect(countMonths(records, "ab", months)).toEqual([]);
    expect(countMonths(records, "", "UTC")).toContainEqual({ year: "2024", month: "01", count: 1 });
  });

  it.each(["UTC", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Apia"])(
    "agrees with asking every date, in %s, however the records are ordered",
    (zone) => {
      // Dense around month starts and DST changes, and across Samoa's skipped day (30 December 2011).
      let seed = 42;
      const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const start = Date.UTC(2011, 0, 1);
      const span = Date.UTC(2013, 0, 1) - start;
      const dates = Array.from({ length: 4000 }, (_, i) => (i % 4 === 0 ? start + Math.floor(random() * span) : start + Math.floor(random() * 24) * 30.44 * 86_400_000 + Math.floor((random() - 0.5) * 4 * 86_400_000)));
      dates.push(Date.UTC(2011, 11, 29, 10), Date.UTC(2011, 11, 30, 10), Date.UTC(2011, 11, 31, 10));
      const expected = new Map<string, number>();
      for (const ms of dates) {
        const p = dateParts(ms, zone);
        expected.set(`${p.yr}-${p.mo_num}`, (expected.get(`${p.yr}-${p.mo_num}`) ?? 0) + 1);
      }
      const asList = (counts: { year: string; month: string; count: number }[]) => new Map(counts.map((c) => [`${c.year}-${c.month}`, c.count]));
      const newestFirst = [...dates].sort((a, b) => b - a).map((ms, i) => at(`e${i}`, new Date(ms).toISOString()));
      expect(asList(countMonths(newestFirst, "", zone))).toEqual(expected);
      const shuffled = dates.map((ms, i) => at(`e${i}`, new Date(ms).toISOString()));
      expect(asList(countMonths(shuffled, "", zone))).toEqual(expected);
    },
  );

  it("groups months into years with totals", () => {
    const years = groupByYear([
      { year: "2024", month: "03", count: 1 },
      { year: "2024", month: "02", count: 2 },
      { year: "2023", month: "12", count: 4 },
    ]);
    expect(years.map((y) => [y.year, y.count, y.months.length])).toEqual([
      ["2024", 3, 2],
      ["2023", 4, 1],
    ]);
  });
});

describe("archives plugin", () => {
  let site: FeatureBlog;
  const NOW = new Date("2025-06-01T00:00:00Z");
  beforeAll(async () => {
    site = await featureBlog("base_url: http://example.com/blog/\ntimezone: UTC\nlanguage: en-GB\nplugins:\n  - archives\n", {
      "a.txt": { date: "2024-05-01" },
      "b.txt": { date: "2024-05-20" },
      "tech/c.txt": { date: "2024-11-02" },
      "tech/d.txt": { date: "2025-02-03" },
      "e.txt": { date: "2025-02-04", draft: true },
      "f.txt": { date: "2025-08-01" },
    });
  });
  afterAll(() => site.close());

  it("lists months and years with counts, newest first, linking to the core's date URLs", async () => {
    const page = await get(site.blog, "/index.vars", {}, { now: NOW });
    expect(readVar(page.text, "archives")).toBe(
      "2025-02:February 2025:1:/blog/2025/02/:false 2024-11:November 2024:1:/blog/2024/11/:false 2024-05:May 2024:2:/blog/2024/05/:false",
    );
    expect(readVar(page.text, "archive_years")).toBe("2025:1:/blog/2025/[02:1 ] 2024:3:/blog/2024/[11:1 05:2 ]");
    for (const url of ["/2025/02/", "/2024/05/", "/2024/"]) expect((await get(site.blog, url, {}, { now: NOW })).status).toBe(200);
  });

  it("renders years with their months nested, and marks the page being shown", async () => {
    const page = await get(site.blog, "/2024/05/", {}, { now: NOW });
    expect(page.text).toContain(
      '<ul class="archives">\n<li><a href="/blog/2025/">2025</a> <span class="count">(1)</span>\n<ul>\n<li><a href="/blog/2025/02/">February</a> <span class="count">(1)</span></li>\n</ul></li>',
    );
    expect(page.text).toContain('<li><a href="/blog/2024/05/" aria-current="page">May</a> <span class="count">(2)</span></li>');
  });

  it("summarises a year page's months, within its category", async () => {
    const year = await get(site.blog, "/2024/index.vars", {}, { now: NOW });
    expect(readVar(year.text, "year_summary")).toBe("11:November:1:/blog/2024/11/ 05:May:2:/blog/2024/05/");
    const inCategory = await get(site.blog, "/tech/2024/index.vars", {}, { now: NOW });
    expect(readVar(inCategory.text, "year_summary")).toBe("11:November:1:/blog/tech/2024/11/");
    const html = await get(site.blog, "/2024/", {}, { now: NOW });
    expect(html.text).toContain('<nav class="year-summary-nav" aria-label="Months of 2024">\n<ul class="year-summary">\n<li><a href="/blog/2024/11/">November</a>');
    const month = await get(site.blog, "/2024/05/index.vars", {}, { now: NOW });
    expect(readVar(month.text, "year_summary")).toBe("");
  });

  it("follows time: a future entry's month appears when it is due", async () => {
    const later = await get(site.blog, "/index.vars", {}, { now: new Date("2025-08-02T00:00:00Z") });
    expect(readVar(later.text, "archives")).toMatch(/^2025-08:August 2025:1:/);
  });
});

describe("archives plugin options", () => {
  it.each([
    ["months", '<ul class="archives">\n<li><a href="/2024/05/">mai 2024</a> <span class="count">(1)</span></li>\n</ul>'],
    ["years", '<ul class="archives">\n<li><a href="/2024/">2024</a> <span class="count">(1)</span></li>\n</ul>'],
  ])("format %s, month names in the blog's language", async (format, expected) => {
    const site = await featureBlog(`base_url: http://example.com/\nlanguage: fr\nplugins:\n  - archives: {format: ${format}}\n`, {
      "a.txt": { date: "2024-05-01" },
    });
    try {
      expect((await get(site.blog, "/")).text).toContain(expected);
    } finally {
      await site.close();
    }
  });

  it("survives a language tag Intl rejects", async () => {
    const site = await featureBlog(`base_url: http://example.com/\nlanguage: "not a language!"\nplugins:\n  - archives\n`, {
      "a.txt": { date: "2024-05-01" },
    });
    try {
      const page = await get(site.blog, "/index.vars");
      expect(page.status).toBe(200);
      expect(readVar(page.text, "archives")).toContain("May 2024");
    } finally {
      await site.close();
    }
  });
});
