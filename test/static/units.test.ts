// The static renderer's parts on their own: file layout, what a change touches, work hand-out, progress display.
import { batchSize, groupJobs, nextBatch, type Lane } from "../../plugins/static/backends";
import { isAffected, listingKeyShows, listingShows, touchedEntries, type TouchedEntry } from "../../plugins/static/changes";
import { locatePage } from "../../plugins/static/layout";
import { CoreFileList, listingKey, PAGE, type EntryTuple } from "../../plugins/static/manifest";
import type { PlannedPage } from "../../plugins/static/plan";
import { clock, createProgress, progressText } from "../../plugins/static/progress";
import type { PageJob } from "../../plugins/static/render-page";
import type { EntryRecord } from "../../core";

describe("locatePage: URL path → file under the output folder", () => {
  it.each([
    ["/", "index.html"],
    ["/cat/", "cat/index.html"],
    ["/cat/sub/index.rss", "cat/sub/index.rss"],
    ["/cat/entry.html", "cat/entry.html"],
    ["/2024/05/17/", "2024/05/17/index.html"],
    ["/tags/caf%C3%A9%20bar/", "tags/café bar/index.html"],
    ["/sitemap.xml", "sitemap.xml"],
  ])("%s → %s", (path, file) => {
    expect(locatePage(path, "html")).toEqual({ requestPath: decodeURIComponent(path), file });
  });

  it("names the folder's page after the default flavour", () => {
    expect(locatePage("/cat/", "xhtml")).toEqual({ requestPath: "/cat/", file: "cat/index.xhtml" });
  });

  it.each([["cat/"], ["/cat/?page=2"], ["/a#top"], ["/a/../b.html"], ["/a//b.html"], ["/%E0%A4%A.html"], ["/./x.html"]])("refuses %s", (path) => {
    expect(locatePage(path, "html")).toEqual({ problem: expect.any(String) });
  });
});

describe("what a change touches", () => {
  const tuple = (id: string, date: string, extra: Partial<{ mtime: number; draft: 0 | 1 }> = {}): EntryTuple => {
    const ms = Date.parse(date);
    return [id, "txt", extra.mtime ?? ms, 100, ms, extra.draft ?? 0, date.slice(0, 10).replace(/-/g, "/")];
  };
  const record = (t: EntryTuple): EntryRecord => {
    const slash = t[0].lastIndexOf("/");
    return { id: t[0], file: `${t[0]}.txt`, ext: "txt", category: slash < 0 ? "" : t[0].slice(0, slash), fn: t[0].slice(slash + 1), title: "", meta: {}, mtime: t[2], size: t[3], date: t[4], draft: t[5] === 1 };
  };
  const days = { of: (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, "/") };
  const shown = { now: Date.parse("2026-01-01"), drafts: false, future: false };

  it("is nothing when no entry changed", () => {
    const entries = [tuple("a/x", "2024-05-17"), tuple("b", "2025-01-01")];
    expect(touchedEntries({ entries, failedEntries: [], ...shown }, entries.map(record), shown, days)).toEqual([]);
  });

  it("is both versions of an entry whose date moved, and the one version of an added or removed entry", () => {
    const before = [tuple("a/x", "2024-05-17"), tuple("gone", "2023-03-03")];
    const after = [record(tuple("a/x", "2025-02-02")), record(tuple("new/y", "2025-06-06"))];
    expect(touchedEntries({ entries: before, failedEntries: [], ...shown }, after, shown, days)).toEqual([
      { id: "a/x", category: "a", yr: "2024", mo: "05", da: "17" },
      { id: "a/x", category: "a", yr: "2025", mo: "02", da: "02" },
      { id: "new/y", category: "new", yr: "2025", mo: "06", da: "06" },
      { id: "gone", category: "", yr: "2023", mo: "03", da: "03" },
    ]);
  });

  it("includes an entry that became visible (its date came, --drafts) and one that failed last time", () => {
    const future = tuple("soon", "2026-06-01");
    const draft = tuple("d", "2024-01-01", { draft: 1 });
    const failed = tuple("f", "2024-02-02");
    const entries = [future, draft, failed];
    const later = { now: Date.parse("2026-07-01"), drafts: true, future: false };
    const ids = touchedEntries({ entries, failedEntries: ["f"], ...shown }, entries.map(record), later, days).map((t) => t.id);
    expect(ids.sort()).toEqual(["d", "f", "f", "soon"]);
  });

  it("ignores changes to entries nobody sees (a draft edited without --drafts)", () => {
    const before = [tuple("d", "2024-01-01", { draft: 1 })];
    const after = [record(tuple("d", "2024-01-01", { draft: 1, mtime: 5 }))];
    expect(touchedEntries({ entries: before, failedEntries: [], ...shown }, after, shown, days)).toEqual([]);
  });

  const touched: TouchedEntry = { id: "a/b/x", category: "a/b", yr: "2024", mo: "05", da: "17" };
  it.each([
    [{ category: "" }, true],
    [{ category: "a" }, true],
    [{ category: "a/b" }, true],
    [{ category: "a/bc" }, false],
    [{ category: "c" }, false],
    [{ category: "", year: "2024" }, true],
    [{ category: "", year: "2024", month: "05", day: "17" }, true],
    [{ category: "", year: "2024", month: "06" }, false],
    [{ category: "a", year: "2023" }, false],
  ])("a listing %j shows it: %s (also written as a key)", (listing, expected) => {
    expect(listingShows(listing, touched)).toBe(expected);
    expect(listingKeyShows(listingKey(listing), touched)).toBe(expected);
  });

  const page = (over: Partial<PlannedPage>): PlannedPage => ({ path: "/p", requestPath: "/p", file: "p", dependsOn: [], lists: [], dependsOnAll: false, entry: undefined, group: "", origin: "core", ...over });
  it("affects a page by its ids, its listings, its previous run's declarations, or everything", () => {
    expect(isAffected(page({ dependsOn: ["a/b/x"] }), undefined, [touched])).toBe(true);
    expect(isAffected(page({ dependsOn: ["other"] }), undefined, [touched])).toBe(false);
    expect(isAffected(page({ dependsOn: ["other"] }), ["/p", "", ["a/b/x"], 0, 0], [touched])).toBe(true);
    expect(isAffected(page({ dependsOn: ["other"] }), ["/p", "", 0, ["202405|a"], 0], [touched])).toBe(true);
    expect(isAffected(page({ dependsOn: ["other"] }), ["/p", "", 0, ["202406|a"], 0], [touched])).toBe(false);
    expect(isAffected(page({ dependsOn: ["other"] }), ["/p", "", 0, 0, PAGE.ALL], [touched])).toBe(true);
    expect(isAffected(page({ lists: [{ category: "a" }] }), undefined, [touched])).toBe(true);
    expect(isAffected(page({ dependsOnAll: true }), undefined, [touched])).toBe(true);
    expect(isAffected(page({ dependsOnAll: true }), undefined, [])).toBe(false);
  });
});

describe("handing out work to worker threads", () => {
  const job = (group: string, n: number): PageJob => ({ requestPath: `/${group}/${n}`, file: `${group}/${n}`, group });
  const jobs = [...Array.from({ length: 10 }, (_, i) => job("", i)), ...Array.from({ length: 40 }, (_, i) => job("2024", i)), ...Array.from({ length: 40 }, (_, i) => job("2025", i))];
  const lane = (): Lane => ({ capacity: 1, gone: false, send: () => undefined });

  it("keeps each group with one worker until the groups run out, then steals from the back of the biggest", () => {
    const groups = groupJobs(jobs);
    expect(groups.map((g) => g.jobs.length)).toEqual([10, 40, 40]);
    const [a, b] = [lane(), lane()];
    const seen = new Map<Lane, Set<string>>([
      [a, new Set()],
      [b, new Set()],
    ]);
    const all: string[] = [];
    // b is twice as fast as a: it finishes its group first and then helps with a's.
    for (let turn = 0; ; turn++) {
      const who = turn % 3 === 0 ? a : b;
      const batch = nextBatch(groups, who, 2);
      if (!batch) break;
      for (const j of batch) {
        all.push(j.file);
        seen.get(who)!.add(j.group);
      }
    }
    expect(all.sort()).toEqual(jobs.map((j) => j.file).sort()); // each job exactly once
    expect([...seen.get(a)!].sort()).toEqual(["", "2025"]);
    expect([...seen.get(b)!].sort()).toEqual(["2024", "2025"]); // 2025 was shared at the end, from its back
  });

  it("sizes batches at a quarter of a worker's share, from 1 to 64", () => {
    expect(batchSize(10_000, 2)).toBe(64);
    expect(batchSize(80, 2)).toBe(10);
    expect(batchSize(1, 2)).toBe(1);
  });
});

describe("progress", () => {
  const stream = (isTTY: boolean) => {
    let text = "";
    return Object.assign(
      { write: (chunk: string) => ((text += chunk), true), isTTY, columns: 100 },
      { text: () => text },
    ) as unknown as NodeJS.WritableStream & { isTTY: boolean; text(): string };
  };

  it("draws a bar with done/total, rate and time left on a terminal, and clears it for other lines", () => {
    let now = 0;
    const tty = stream(true);
    const progress = createProgress(tty, {}, () => now);
    progress.start(1000);
    now = 2000;
    progress.advance(250);
    expect(tty.text()).toContain("250/1,000 pages · 125/s · 0:06 left");
    expect(tty.text()).toMatch(/\r\x1b\[2K\[#{5,}-+\] /);
    progress.line("FAIL x: y");
    expect(tty.text()).toContain("\r\x1b[2KFAIL x: y\n");
    progress.stop();
    expect(tty.text().endsWith("\r\x1b[2K")).toBe(true);
  });

  it("writes a plain line every ten seconds, and nothing else, when not a terminal", () => {
    let now = 0;
    const log = stream(false);
    const progress = createProgress(log, {}, () => now);
    progress.start(100);
    now = 5_000;
    progress.advance(10);
    expect(log.text()).toBe("");
    now = 11_000;
    progress.advance(10);
    expect(log.text()).toBe("render: 20/100 pages · 2/s · 0:44 left\n");
    expect(createProgress(stream(true), { TERM: "dumb" }, () => 0).constructor.name).toBe("PlainLines");
  });

  it("formats times", () => {
    expect(progressText(0, 10, 0)).toBe("0/10 pages · 0/s · --:-- left");
    expect(clock(3725)).toBe("1:02:05");
    expect(clock(65)).toBe("1:05");
  });
});

describe("the manifest's list of core files", () => {
  it("answers, adds and removes without splitting the list, and writes it back with the changes", () => {
    const list = new CoreFileList(["index.html", "a/index.html", "a/x.html"].join("\n"));
    expect([list.has("a/index.html"), list.has("a/"), list.has("index"), list.size]).toEqual([true, false, false, 3]);
    expect(list.toString()).toBe("index.html\na/index.html\na/x.html");
    expect(list.delete("a/x.html")).toBe(true);
    expect(list.delete("a/x.html")).toBe(false);
    list.add("b/index.html");
    list.add("index.html");
    expect([list.has("a/x.html"), list.has("b/index.html"), list.size]).toEqual([false, true, 3]);
    expect(list.toString().split("\n").sort()).toEqual(["a/index.html", "b/index.html", "index.html"]);
    list.add("a/x.html");
    expect(list.toString().split("\n").sort()).toEqual(["a/index.html", "a/x.html", "b/index.html", "index.html"]);
    expect(new CoreFileList("").toString()).toBe("");
    expect(new CoreFileList("").size).toBe(0);
  });
});
