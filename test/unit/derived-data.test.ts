import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { bootBlog } from "../../core/boot";
import type { Blog } from "../../core/blog";
import { openIndex } from "../../core/entries/open-index";
import { createLogger } from "../../core/logger";
import { entryText } from "../plugins/feature-blog";
import { makeTempDir, removeDir } from "../helpers/temp-blog";

// DerivedData: what plugins derive from the visible entries, kept in memory and (persist) on disk for the next
// process, and recomputed exactly when what it was made from changes.
describe("blog.derived", () => {
  let dir: string;
  const cacheDir = (): string => join(dir, "cache");
  const view = { now: new Date("2026-01-01T00:00:00Z"), drafts: false };

  beforeEach(() => {
    dir = makeTempDir(
      {
        "config.yaml": "base_url: http://example.com/\ntimezone: UTC\n",
        "entries/a.txt": entryText({ date: "2025-01-01" }),
        "entries/cat/b.txt": entryText({ date: "2025-02-01" }),
        "entries/cat/later.txt": entryText({ date: "2026-06-01" }),
      },
      "blossom-derived-",
    );
  });
  afterEach(() => removeDir(dir));

  /** A blog as one CGI process has it: config booted, index and derived data from the cache folder. */
  async function startProcess(config = "config.yaml"): Promise<Blog> {
    const blog = await bootBlog({ configPath: join(dir, config), env: {}, log: createLogger("error", () => undefined) });
    await openIndex(blog, { watch: false, cacheDir: cacheDir() });
    return blog;
  }

  /** Counts entries per category; `calls` says how often it really ran. */
  function counter(): { calls: number; count: (blog: Blog, at?: typeof view) => Record<string, number> } {
    const state = {
      calls: 0,
      count: (blog: Blog, at = view) =>
        blog.derived.get(
          "test:counts",
          at,
          (records) => {
            state.calls++;
            const counts: Record<string, number> = {};
            for (const r of records) counts[r.category] = (counts[r.category] ?? 0) + 1;
            return counts;
          },
          { persist: true },
        ),
    };
    return state;
  }

  it("computes once per view, and again when an entry is added or a future entry falls due", async () => {
    const blog = await startProcess();
    const c = counter();
    try {
      expect(c.count(blog)).toEqual({ "": 1, cat: 1 });
      expect(c.count(blog)).toEqual({ "": 1, cat: 1 });
      expect(c.calls).toBe(1);
      expect(c.count(blog, { now: new Date("2026-07-01T00:00:00Z"), drafts: false })).toEqual({ "": 1, cat: 2 });
      writeFileSync(join(dir, "entries", "cat", "c.txt"), entryText({ date: "2025-03-01" }));
      await blog.entries.refreshFile("cat/c.txt");
      expect(c.count(blog)).toEqual({ "": 1, cat: 2 });
      expect(c.calls).toBe(3);
    } finally {
      await blog.close();
    }
  });

  it("hands a persisted value to the next process while the entries and the config are unchanged", async () => {
    const first = await startProcess();
    const c = counter();
    expect(c.count(first)).toEqual({ "": 1, cat: 1 });
    await first.close();

    const second = await startProcess();
    expect(c.count(second)).toEqual({ "": 1, cat: 1 });
    expect(c.calls).toBe(1); // read from disk, not recomputed
    await second.close();

    // A new entry changes its folder's mtime: the next process sees a new index state and recomputes.
    writeFileSync(join(dir, "entries", "d.txt"), entryText({ date: "2025-04-01" }));
    const third = await startProcess();
    expect(c.count(third)).toEqual({ "": 2, cat: 1 });
    expect(c.calls).toBe(2);
    await third.close();

    // Another config (here: another title) is another key, even for the same entries.
    writeFileSync(join(dir, "config.yaml"), "base_url: http://example.com/\ntimezone: UTC\ntitle: Renamed\n");
    const fourth = await startProcess();
    expect(c.count(fourth)).toEqual({ "": 2, cat: 1 });
    expect(c.calls).toBe(3);
    await fourth.close();
  });
});
