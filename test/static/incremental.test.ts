// `blossom render --incremental`: after each kind of change (edit, add, remove, rename, a date moved, a template,
// config.yaml) it renders only the pages the change affects, and leaves the output exactly as a full render would.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { entryText } from "../plugins/feature-blog";
import { makeTempDir, openBlog, removeDir, writeFiles } from "../helpers/temp-blog";
import { differencesFromDynamic, expectSameAsFullRender as expectSameAsFull, FIVE_ENTRIES, MANIFEST, outputFiles, render, renderedAt } from "./helpers";

const CONFIG = "title: Increments\nbase_url: http://example.com/\ntimezone: UTC\nnum_entries: 2\n";

/** No plugins, so the only blog-wide data is what entries list. */
const ENTRIES = FIVE_ENTRIES;

const FLAVOURS = ["html", "rss", "atom"];
/** A listing's files in every flavour: "a/" → a/index.html, a/index.rss, a/index.atom. */
const listing = (folder: string): string[] => FLAVOURS.map((f) => `/${folder}${f === "html" ? "" : `index.${f}`}`);

describe("blossom render --incremental", () => {
  let dir: string;
  let out: string;
  let config: string;
  /** Renders incrementally and returns the URLs written and deleted (from --verbose) and the summary. */
  const increment = (): { written: string[]; deleted: string[]; stdout: string; status: number | null; stderr: string } => {
    const result = render(config, ["--incremental", "--verbose", "--jobs", "1"]);
    const lines = result.stdout.split("\n");
    const pick = (what: string): string[] => lines.filter((l) => l.startsWith(`${what} `)).map((l) => l.slice(what.length + 1)).sort();
    return { written: pick("written"), deleted: pick("deleted"), stdout: result.stdout, status: result.status, stderr: result.stderr };
  };

  /** The output must equal a fresh full render (same files, same bytes), and what the dynamic blog answers. */
  const expectSameAsFullRender = (): Promise<void> => expectSameAsFull(dir, config);

  beforeAll(() => {
    dir = makeTempDir({ "config.yaml": CONFIG, ...ENTRIES });
    out = join(dir, "public");
    config = join(dir, "config.yaml");
    const first = render(config);
    expect(first.status).toBe(0);
  });
  afterAll(() => removeDir(dir));

  it("writes nothing, and keeps the manifest, when nothing changed", () => {
    const before = new Map(outputFiles(out).map((f) => [f, statSync(join(out, f)).mtimeMs]));
    const manifest = statSync(join(out, MANIFEST)).mtimeMs;
    const result = increment();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Rendered 0 of \d+ pages .*\(incremental: 0 entries changed, nothing to render\): 0 written/);
    expect(result.written).toEqual([]);
    expect(outputFiles(out).filter((f) => statSync(join(out, f)).mtimeMs !== before.get(f))).toEqual([]);
    expect(statSync(join(out, MANIFEST)).mtimeMs).toBe(manifest);
  });

  it("after an edit, renders the entry's page, its categories', dates' and the front page, in every flavour", async () => {
    writeFileSync(join(dir, "entries/a/b/two.txt"), entryText({ title: "Two", date: "2024-01-15 12:00", body: "<p>Edited.</p>" }));
    const result = increment();
    expect(result.status).toBe(0);
    // The front page is rendered too, but "two" is not among its num_entries newest: its bytes stay the same.
    expect(result.stdout).toMatch(/Rendered 19 of \d+ pages .*: 16 written, 3 unchanged, \d+ skipped, 0 deleted, 0 failed/);
    expect(result.written).toEqual(
      ["/a/b/two.html", ...listing("a/"), ...listing("a/b/"), ...listing("2024/"), ...listing("2024/01/"), ...listing("2024/01/15/")].sort(),
    );
    expect(result.deleted).toEqual([]);
    await expectSameAsFullRender();
  });

  it("after a date change, refreshes the old date's pages, deletes the ones left empty, and writes the new ones", async () => {
    writeFileSync(join(dir, "entries/a/b/three.txt"), entryText({ title: "Three", date: "2023-07-04" }));
    const result = increment();
    expect(result.status).toBe(0);
    // 2024/03/ and 2024/03/02/ held only this entry: gone. 2024/ lost it: rewritten. 2023/… are new.
    expect(result.deleted).toEqual([...listing("2024/03/"), ...listing("2024/03/02/")].sort());
    expect(result.written).toEqual(expect.arrayContaining([...listing("2024/"), ...listing("2023/"), ...listing("2023/07/"), ...listing("2023/07/04/"), "/a/b/three.html"]));
    expect(result.written).not.toContain("/c/four.html");
    await expectSameAsFullRender();
  });

  it("after an entry is added, writes its pages and refreshes the listings it joins", async () => {
    writeFiles(dir, { "entries/c/d/six.txt": entryText({ title: "Six", date: "2025-05-05 18:00" }) });
    const result = increment();
    expect(result.status).toBe(0);
    expect(result.written).toEqual(
      ["/c/d/six.html", ...listing(""), ...listing("c/"), ...listing("c/d/"), ...listing("2025/"), ...listing("2025/05/"), ...listing("2025/05/05/")].sort(),
    );
    await expectSameAsFullRender();
  });

  it("after an entry is removed, deletes its page (and empty categories and dates) and refreshes the rest", async () => {
    rmSync(join(dir, "entries/c/d/six.txt"));
    rmSync(join(dir, "entries/c/d"), { recursive: true });
    const result = increment();
    expect(result.status).toBe(0);
    expect(result.deleted).toEqual(["/c/d/six.html", ...listing("c/d/")].sort());
    expect(result.written).toEqual([...listing(""), ...listing("c/"), ...listing("2025/"), ...listing("2025/05/"), ...listing("2025/05/05/")].sort());
    await expectSameAsFullRender();
  });

  it("after a rename (another category), moves the entry's page and refreshes both categories", async () => {
    mkdirSync(join(dir, "entries/e"));
    renameSync(join(dir, "entries/a/one.txt"), join(dir, "entries/e/uno.txt"));
    const result = increment();
    expect(result.status).toBe(0);
    expect(result.deleted).toEqual(["/a/one.html"]);
    expect(result.written).toEqual(expect.arrayContaining(["/e/uno.html", ...listing("e/"), ...listing("a/"), ...listing("2024/01/15/")]));
    expect(result.written).not.toContain("/c/four.html");
    await expectSameAsFullRender();
  });

  it("after a template changes, renders every page but writes only the files whose bytes changed", async () => {
    writeFiles(dir, { "flavours/html/story.mustache": '<article class="changed"><h2>{{title}}</h2>{{{body}}}</article>\n' });
    const result = increment();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Rendered (\d+) pages .*\(incremental, but the templates changed: rendering every page/);
    expect(result.written.length).toBeGreaterThan(0);
    expect(result.written.every((url) => url.endsWith("/") || url.endsWith(".html"))).toBe(true); // feeds are unchanged
    expect(result.stdout).toMatch(/[1-9]\d* unchanged/);
    await expectSameAsFullRender();
  });

  it("after config.yaml changes, renders every page", async () => {
    writeFileSync(config, CONFIG.replace("title: Increments", "title: Increments, renamed"));
    const result = increment();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\(incremental, but config\.yaml changed: rendering every page/);
    expect(result.stdout).toMatch(/ 0 unchanged/); // the title is on every page and in every feed
    await expectSameAsFullRender();
  });

  it("finishes what an interrupted run owed: pages it did not write, files it no longer needs", async () => {
    rmSync(join(out, "c/four.html"));
    writeFileSync(join(out, "stale.html"), "left over");
    writeFileSync(join(out, ".blossom-render.pending.json"), JSON.stringify([["/c/four.html", "c/four.html"], ["/stale.html", "stale.html"]]));
    const result = increment();
    expect(result.status).toBe(0);
    expect(result.written).toEqual(["/c/four.html"]);
    expect(result.deleted).toEqual(["/stale.html"]);
    expect(outputFiles(join(out)).includes("stale.html")).toBe(false);
    await expectSameAsFullRender();
  });
});

describe("blossom render --incremental with a plugin that shows blog-wide data without declaring it", () => {
  let dir: string;
  let config: string;
  const COUNTER = `module.exports = {
  name: "counter",
  apply(blog) {
    blog.hooks.prepare.tap("counter", (ctx) => {
      ctx.vars.blog_title = ctx.blog.config.title + " (" + ctx.blog.entries.visible(ctx.now.getTime()).length + " entries)";
    });
  },
};
`;
  beforeAll(() => {
    dir = makeTempDir({ "config.yaml": `${CONFIG}plugins:\n  - ./counter.js\n`, "counter.js": COUNTER, ...ENTRIES });
    config = join(dir, "config.yaml");
    expect(render(config).status).toBe(0);
  });
  afterAll(() => removeDir(dir));

  it("renders only the affected pages when an entry's body changes", () => {
    writeFileSync(join(dir, "entries/c/four.txt"), entryText({ title: "Four", date: "2025-05-05", body: "<p>New body.</p>" }));
    const result = render(config, ["--incremental"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\(incremental: 1 entry changed/);
  });

  it("renders every page when an entry is added, since every page shows the count", async () => {
    writeFiles(dir, { "entries/seven.txt": entryText({ title: "Seven", date: "2025-07-07" }) });
    const result = render(config, ["--incremental"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/incremental, but the entries' titles, dates and metadata \(shown on every page by counter\) changed: rendering every page/);
    expect(readFileSync(join(dir, "public/c/four.html"), "utf8")).toContain("(6 entries)");
    const blog = await openBlog(dir);
    try {
      expect(await differencesFromDynamic(blog, join(dir, "public"), renderedAt(join(dir, "public")))).toEqual([]);
    } finally {
      await blog.close();
    }
  });
});
