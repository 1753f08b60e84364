import { readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FileStat } from "../../core";
import { EntryIndex } from "../../core/entries/entry-index";
import { openIndexFile, writeIndexFile } from "../../core/entries/index-file";
import { createLogger } from "../../core/logger";
import { parseTxt } from "../../plugins/blosxom/txt-parser";
import { makeTempDir, removeDir, writeFiles } from "../helpers/temp-blog";

const logLines: string[] = [];
function indexFor(datadir: string, filestat: (s: FileStat) => FileStat = (s) => s) {
  return new EntryIndex({
    datadir,
    ignoreDirectories: ["attic"],
    parsers: () => ({ txt: parseTxt }),
    filestat,
    log: createLogger("debug", (l) => logLines.push(l)),
  });
}

/** Moves a file's (or folder's) mtime so a change in the same millisecond is still seen as a change. */
function age(path: string, seconds: number): void {
  const t = new Date(Date.now() - seconds * 1000);
  utimesSync(path, t, t);
}

describe("the entry index", () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir({
      "a.txt": "A\nbody\n",
      "cat/b.txt": "B\n#tags x, y\nbody\n",
      "cat/sub/c.txt": "C\n#draft\nbody\n",
      "attic/old.txt": "Old\nbody\n",
      ".git/x.txt": "X\nbody\n",
      "cat/.#b.txt": "editor temp\n",
      "cat/readme.md": "not an entry without the markdown plugin\n",
    });
    for (const p of ["a.txt", "cat/b.txt", "cat/sub/c.txt", "cat", "cat/sub", "."]) age(join(dir, p), 60);
  });
  afterEach(() => removeDir(dir));

  it("indexes entry files, skipping dot-folders, dot-files, ignored folders and other extensions", async () => {
    const index = indexFor(dir);
    await index.rebuild();
    expect(index.all().map((r) => r.id).sort()).toEqual(["a", "cat/b", "cat/sub/c"]);
    expect(index.categories()).toEqual(["", "cat", "cat/sub"]);
    expect(index.get("cat/b")).toMatchObject({ title: "B", category: "cat", fn: "b", ext: "txt", meta: { tags: "x, y" }, draft: false });
    expect(index.get("cat/sub/c")?.draft).toBe(true);
    expect(index.visible(Date.now()).map((r) => r.id).sort()).toEqual(["a", "cat/b"]);
  });

  it("dates entries through the filestat hook, falling back to mtime", async () => {
    const index = indexFor(dir, (s) => (s.file === "a.txt" ? { ...s, date: Date.UTC(2001, 0, 1) } : s));
    await index.rebuild();
    expect(index.get("a")!.date).toBe(Date.UTC(2001, 0, 1));
    expect(index.get("cat/b")!.date).toBe(index.get("cat/b")!.mtime);
    expect(index.all().at(-1)!.id).toBe("a"); // oldest last
  });

  it("brings a restored snapshot up to date from folder mtimes: added, removed and renamed entries", async () => {
    const first = indexFor(dir);
    await first.rebuild();
    const snapshot = first.snapshot();

    writeFiles(dir, { "cat/new.txt": "New\nbody\n", "fresh/d.txt": "D\nbody\n" });
    rmSync(join(dir, "a.txt"));
    renameSync(join(dir, "cat/sub/c.txt"), join(dir, "cat/sub/c2.txt"));

    const second = indexFor(dir);
    second.restore(snapshot);
    const change = await second.revalidate(false);
    expect([...change.added].sort()).toEqual(["cat/new.txt", "cat/sub/c2.txt", "fresh/d.txt"]);
    expect([...change.removed].sort()).toEqual(["a.txt", "cat/sub/c.txt"]);
    expect(second.all().map((r) => r.id).sort()).toEqual(["cat/b", "cat/new", "cat/sub/c2", "fresh/d"]);
    expect(second.hasCategory("fresh")).toBe(true);
  });

  it("sees in-place edits only when asked to stat every file (the CGI sweep)", async () => {
    const first = indexFor(dir);
    await first.rebuild();
    const snapshot = first.snapshot();
    writeFileSync(join(dir, "cat/b.txt"), "B edited\nlonger body than before\n");

    const cheap = indexFor(dir);
    cheap.restore(snapshot);
    await cheap.revalidate(false);
    expect(cheap.get("cat/b")!.title).toBe("B");

    const swept = indexFor(dir);
    swept.restore(snapshot);
    const change = await swept.revalidate(true);
    expect(change.changed).toEqual(["cat/b.txt"]);
    expect(swept.get("cat/b")!.title).toBe("B edited");
  });

  it("round-trips through the on-disk index file, and ignores one with another key or cut short", async () => {
    const index = indexFor(dir);
    await index.rebuild();
    const file = join(dir, ".cache", "index.bin");
    expect(writeIndexFile(file, "key-1", index.snapshot())).toBe(true);
    const stored = openIndexFile(file, "key-1")!;
    expect(stored.state).toBe(index.state);
    expect(stored.records()).toEqual(index.snapshot().records);
    stored.close();
    expect(openIndexFile(file, "key-2")).toBeUndefined();
    expect(openIndexFile(join(dir, "missing.bin"), "key-1")).toBeUndefined();
    const whole = readFileSync(file);
    for (const length of [0, 10, 100, whole.length - 8]) {
      writeFileSync(file, whole.subarray(0, length));
      expect(openIndexFile(file, "key-1")).toBeUndefined();
    }
  });

  describe("restored from the index file as it is (CGI)", () => {
    async function storedCopy(): Promise<{ eager: EntryIndex; lazy: EntryIndex }> {
      writeFiles(dir, {
        "cat/old.txt": "Old one\n#date 2001-02-03\n#tags a\nbody\n",
        "cat/sub/older.txt": "Older\n#date 2001-01-05\nbody\n",
        "other/later.txt": "Later\n#date 2001-02-20\nbody\n",
        "caterpillar/x.txt": "Not in cat\n#date 2001-02-10\nbody\n",
      });
      const dated = (s: FileStat): FileStat => (s.meta.date ? { ...s, date: Date.parse(s.meta.date) } : s);
      const eager = indexFor(dir, dated);
      await eager.rebuild();
      const file = join(dir, ".cache", "index.bin");
      writeIndexFile(file, "k", eager.snapshot());
      const lazy = indexFor(dir, dated);
      lazy.restoreStored(openIndexFile(file, "k")!);
      return { eager, lazy };
    }
    const ids = (list: readonly { id: string }[]): string[] => list.map((r) => r.id);

    it("lists, finds and counts what the built index does, for every kind of listing", async () => {
      const { eager, lazy } = await storedCopy();
      const now = Date.now();
      const queries = [
        {},
        { drafts: true },
        { category: "cat" },
        { category: "cat", drafts: true },
        { category: "cat/sub", drafts: true },
        { since: Date.UTC(2001, 1, 1), before: Date.UTC(2001, 2, 1) },
        { category: "cat", since: Date.UTC(2001, 0, 1), before: Date.UTC(2001, 1, 4) },
      ];
      for (const query of queries) expect(ids(lazy.visible(now, query))).toEqual(ids(eager.visible(now, query)));
      expect(ids(lazy.visible(now, { category: "cat" }))).not.toContain("caterpillar/x");
      expect(ids(lazy.visible(Date.UTC(2001, 1, 5))).sort()).toEqual(["cat/old", "cat/sub/older"]);
      expect(lazy.visibleKey(now)).toBe(eager.visibleKey(now));
      expect(lazy.get("cat/b")).toEqual(eager.get("cat/b"));
      expect(lazy.get("nope")).toBeUndefined();
      expect(lazy.size).toBe(eager.size);
      expect(lazy.changedAt()).toBe(eager.changedAt());
      expect(lazy.all()).toEqual(eager.all());
      lazy.close();
    });

    it("hands out lists that behave as read-only arrays", async () => {
      const { eager, lazy } = await storedCopy();
      const list = lazy.visible(Date.now(), { drafts: true });
      const expected = eager.visible(Date.now(), { drafts: true });
      expect(Array.isArray(list)).toBe(true);
      expect(list.length).toBe(expected.length);
      expect(list[1]).toEqual(expected[1]);
      expect(list.at(-1)).toEqual(expected.at(-1));
      expect(list.slice(1, 3)).toEqual(expected.slice(1, 3));
      expect([...list]).toEqual([...expected]);
      expect(Object.keys(list)).toEqual(Object.keys(expected));
      expect(JSON.parse(JSON.stringify(list))).toEqual(JSON.parse(JSON.stringify(expected)));
      expect(list.filter((r) => r.draft).map((r) => r.id)).toEqual(["cat/sub/c"]);
      expect(list[expected.length]).toBeUndefined();
      expect(() => {
        (list as unknown as unknown[])[0] = "x";
      }).toThrow(TypeError);
      expect(() => (list as unknown as unknown[]).push("x")).toThrow(TypeError);
      lazy.close();
    });

    it("sees added, removed and edited entries, and writes back what it becomes", async () => {
      const { lazy } = await storedCopy();
      writeFileSync(join(dir, "cat/b.txt"), "B edited\nlonger body than before\n");
      writeFiles(dir, { "cat/new.txt": "New\nbody\n" });
      rmSync(join(dir, "a.txt"));
      const change = await lazy.revalidate(true);
      expect(change).toEqual({ added: ["cat/new.txt"], changed: ["cat/b.txt"], removed: ["a.txt"] });
      expect(lazy.get("cat/b")!.title).toBe("B edited");
      expect(lazy.get("a")).toBeUndefined();
      expect(lazy.all().map((r) => r.id)).toContain("cat/new");

      const file = join(dir, ".cache", "again.bin");
      expect(writeIndexFile(file, "k", lazy.snapshot())).toBe(true);
      const again = openIndexFile(file, "k")!;
      expect(again.records()).toEqual(lazy.all());
      again.close();
    });
  });

  it("keeps one entry when two files share a URL, and says so", async () => {
    writeFiles(dir, { "a.md": "A again\n" });
    const index = new EntryIndex({
      datadir: dir,
      ignoreDirectories: [],
      parsers: () => ({ txt: parseTxt, md: parseTxt }),
      filestat: (s) => s,
      log: createLogger("debug", (l) => logLines.push(l)),
    });
    await index.rebuild();
    expect(index.get("a")!.file).toBe("a.md");
    expect(logLines.join("\n")).toMatch(/a\.txt and a\.md have the same URL; keeping a\.md/);
  });
});
