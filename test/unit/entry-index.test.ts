import { renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FileStat } from "../../core";
import { EntryIndex } from "../../core/entries/entry-index";
import { readIndexCache, writeIndexCache } from "../../core/entries/index-cache";
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

  it("round-trips through the on-disk cache, and ignores a cache with another key", async () => {
    const index = indexFor(dir);
    await index.rebuild();
    const file = join(dir, ".cache", "index.json");
    expect(writeIndexCache(file, "key-1", index.snapshot(), 123)).toBe(true);
    const read = readIndexCache(file, "key-1");
    expect(read?.sweptAt).toBe(123);
    expect([...read!.snapshot.records].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...index.snapshot().records].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(readIndexCache(file, "key-2")).toBeUndefined();
    expect(readIndexCache(join(dir, "missing.json"), "key-1")).toBeUndefined();
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
