// An incremental render plans its work from the changed entries (plugins/static/targeted.ts): exactly the pages
// that show a changed entry, before and after the change, are rendered or deleted, and no other page is looked
// at. Where two pages could share a file (a category named like a year, an entry named "index") or a plugin's page
// meets a core page, every page is planned instead; either way the output is what a full render writes.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Blog } from "../../core/blog";
import { touchedEntries } from "../../plugins/static/changes";
import { coreFiles, readManifest, type Manifest } from "../../plugins/static/manifest";
import { DayKeys, visibleRecords, type RenderSettings } from "../../plugins/static/plan";
import { targetedPlan, type TargetedPlan } from "../../plugins/static/targeted";
import type { StaticUrl } from "../../core";
import { makeTempDir, openBlog, removeDir, writeFiles } from "../helpers/temp-blog";
import { entryText } from "../plugins/feature-blog";
import { expectSameAsFullRender as expectSameAsFull, FIVE_ENTRIES, outputFiles, render } from "./helpers";

const CONFIG = "title: Targets\nbase_url: http://example.com/\ntimezone: UTC\nnum_entries: 2\n";

const ENTRIES = FIVE_ENTRIES;

const FLAVOURS = ["html", "rss", "atom"];
/** A listing's files in every flavour: "a/" → a/index.html, a/index.rss, a/index.atom. */
const listing = (folder: string): string[] => FLAVOURS.map((f) => `${folder}index.${f}`);

/** The moment test/static/helpers.ts renders at. */
const NOW = new Date(Date.UTC(2026, 10, 1));

const SETTINGS: RenderSettings = {
  now: NOW,
  drafts: false,
  incremental: true,
  flavours: FLAVOURS,
  entryFlavours: ["html"],
  dateArchives: ["year", "month", "day"],
  categoryArchives: false,
};

/** What an incremental run of the blog in `dir` would plan from the changed entries, against its last render. */
async function targetedPlanFor(dir: string, extras: readonly StaticUrl[] = []): Promise<TargetedPlan | undefined> {
  const blog: Blog = await openBlog(dir);
  try {
    const manifest = readManifest(join(dir, "public")) as Manifest;
    const days = new DayKeys("UTC");
    const touched = touchedEntries(manifest, blog.entries.all(), { now: NOW.getTime(), drafts: false, future: false }, days);
    return targetedPlan(blog, SETTINGS, manifest, visibleRecords(blog, SETTINGS), days, touched, extras);
  } finally {
    await blog.close();
  }
}

describe("planning an incremental render from the changed entries", () => {
  let dir: string;
  let config: string;
  beforeEach(() => {
    dir = makeTempDir({ "config.yaml": CONFIG, ...ENTRIES });
    config = join(dir, "config.yaml");
    expect(render(config).status).toBe(0);
  });
  afterEach(() => removeDir(dir));

  it("renders exactly the pages that show an edited entry, and deletes nothing", async () => {
    writeFileSync(join(dir, "entries/a/b/two.txt"), entryText({ title: "Two", date: "2024-01-15 12:00", body: "<p>Edited.</p>" }));
    const plan = (await targetedPlanFor(dir))!;
    expect(plan).toBeDefined();
    expect(plan.toRender.map((p) => p.file).sort()).toEqual(
      ["a/b/two.html", ...listing(""), ...listing("a/"), ...listing("a/b/"), ...listing("2024/"), ...listing("2024/01/"), ...listing("2024/01/15/")].sort(),
    );
    expect(plan.stale).toEqual([]);
    expect(plan.pageCount).toBe(outputFiles(join(dir, "public")).length);
  });

  it("refreshes both date archives of an entry that moved, deletes those left empty, and adds the new ones", async () => {
    writeFileSync(join(dir, "entries/a/b/three.txt"), entryText({ title: "Three", date: "2023-07-04" }));
    const plan = (await targetedPlanFor(dir))!;
    expect(plan.toRender.map((p) => p.file).sort()).toEqual(
      ["a/b/three.html", ...listing(""), ...listing("a/"), ...listing("a/b/"), ...listing("2024/"), ...listing("2023/"), ...listing("2023/07/"), ...listing("2023/07/04/")].sort(),
    );
    expect(plan.stale.map(([, file]) => file).sort()).toEqual([...listing("2024/03/"), ...listing("2024/03/02/")].sort());
    expect(plan.stale.map(([path]) => path)).toContain("/2024/03/02/");
    const core = coreFiles({ core: plan.core });
    expect(core).toEqual(expect.arrayContaining(listing("2023/07/04/")));
    expect(core.filter((f) => f.startsWith("2024/03/"))).toEqual([]);
  });

  it("deletes a removed entry's page and the listings it alone was in", async () => {
    rmSync(join(dir, "entries/c/four.txt"));
    const plan = (await targetedPlanFor(dir))!;
    expect(plan.stale.map(([, file]) => file).sort()).toEqual(["c/four.html", ...listing("c/"), ...listing("2025/05/"), ...listing("2025/05/05/")].sort());
    expect(plan.toRender.map((p) => p.file).sort()).toEqual([...listing(""), ...listing("2025/")].sort());
  });

  it("plans nothing when nothing changed, without reading the core's page list", async () => {
    const plan = (await targetedPlanFor(dir))!;
    expect(plan.toRender).toEqual([]);
    expect(plan.stale).toEqual([]);
    expect(plan.core).toBe((readManifest(join(dir, "public")) as Manifest).core);
  });

  it("renders a plugin's page when it is new or shows a changed entry, and deletes it when it goes", async () => {
    const tagPage = { path: "/tags/t/", dependsOn: ["a/b/two"] };
    // The last run had no plugin pages: both are new.
    let plan = (await targetedPlanFor(dir, [tagPage, { path: "/sitemap.xml" }]))!;
    expect(plan.toRender.map((p) => p.file).sort()).toEqual(["sitemap.xml", "tags/t/index.html"]);
    writeManifestPages(dir, [
      ["/tags/t/", "", ["a/b/two"], 0, 0],
      ["/sitemap.xml", "", 0, 0, 1],
    ]);
    writeFileSync(join(dir, "entries/c/four.txt"), entryText({ title: "Four", date: "2025-05-05", body: "<p>Edited.</p>" }));
    plan = (await targetedPlanFor(dir, [tagPage, { path: "/sitemap.xml" }]))!;
    // The sitemap declared nothing, so it shows every entry; the tag page does not show "four".
    expect(plan.toRender.map((p) => p.file)).toContain("sitemap.xml");
    expect(plan.toRender.map((p) => p.file)).not.toContain("tags/t/index.html");
    plan = (await targetedPlanFor(dir, [{ path: "/sitemap.xml" }]))!;
    expect(plan.stale).toEqual([["/tags/t/", "tags/t/index.html"]]);
  });

  it.each([
    ["a category named like a year", { "entries/2024/x.txt": entryText({ title: "X", date: "2024-02-02" }) }],
    ["a category named like a page file", { "entries/notes.html/x.txt": entryText({ title: "X", date: "2024-02-02" }) }],
    ["an entry named index", { "entries/c/index.txt": entryText({ title: "Index", date: "2024-02-02" }) }],
  ])("plans every page instead when the blog has %s", async (_, files) => {
    writeFiles(dir, files);
    expect(await targetedPlanFor(dir)).toBeUndefined();
  });

  it("plans every page instead when a plugin's page is in a core page's file", async () => {
    writeFileSync(join(dir, "entries/a/b/two.txt"), entryText({ title: "Two", date: "2024-01-15 12:00", body: "<p>Edited.</p>" }));
    expect(await targetedPlanFor(dir, [{ path: "/a/", dependsOn: [] }])).toBeUndefined();
    expect(await targetedPlanFor(dir, [{ path: "/c/four.html/x.html" }])).toBeUndefined();
  });
});

/** Puts plugin pages into the manifest, as if the last run had planned them. */
function writeManifestPages(dir: string, pages: Manifest["pages"]): void {
  const file = join(dir, "public", ".blossom-render.json");
  writeFileSync(file, JSON.stringify({ ...(JSON.parse(readFileSync(file, "utf8")) as Manifest), pages }));
}

describe("blossom render --incremental where pages share files", () => {
  let dir: string;
  let config: string;
  afterEach(() => removeDir(dir));

  const expectSameAsFullRender = (): Promise<void> => expectSameAsFull(dir, config);

  it.each([
    // The category "2024" and the year 2024 are one page; so are the entry "c/index" and the category "c" (html).
    ["a category named like a year", "entries/2024/x.txt"],
    ["an entry named index", "entries/c/index.txt"],
  ])("keeps the output equal to a full render with %s, added, edited and removed", async (_, entry) => {
    dir = makeTempDir({ "config.yaml": CONFIG, ...ENTRIES });
    config = join(dir, "config.yaml");
    expect(render(config).status).toBe(0);
    for (const change of [
      () => writeFiles(dir, { [entry]: entryText({ title: "Odd", date: "2025-05-05 08:00" }) }),
      () => writeFiles(dir, { [entry]: entryText({ title: "Odd, edited", date: "2025-05-05 08:00" }) }),
      // Its category's page goes, but the other page in that file stays.
      () => rmSync(join(dir, entry)),
    ]) {
      change();
      expect(render(config, ["--incremental"]).status).toBe(0);
      await expectSameAsFullRender();
    }
  });

  it("keeps plugins' pages current and equal to a full render through edits, moves, additions and removals", async () => {
    dir = makeTempDir({
      "config.yaml": `${CONFIG}plugins:\n  - tags\n  - paginate\n  - sitemap\n  - jsonfeed\n`,
      ...ENTRIES,
      "entries/a/one.txt": entryText({ title: "One", date: "2024-01-15 10:00", tags: "x" }),
      "entries/c/four.txt": entryText({ title: "Four", date: "2025-05-05", tags: "y" }),
    });
    config = join(dir, "config.yaml");
    expect(render(config).status).toBe(0);
    const steps: Array<() => void> = [
      () => writeFileSync(join(dir, "entries/a/one.txt"), entryText({ title: "One", date: "2024-01-15 10:00", tags: "x", body: "<p>Edited.</p>" })),
      () => writeFileSync(join(dir, "entries/a/one.txt"), entryText({ title: "One", date: "2023-12-31", tags: "x" })),
      () => writeFiles(dir, { "entries/c/six.txt": entryText({ title: "Six", date: "2025-05-06", tags: "y" }) }),
      () => rmSync(join(dir, "entries/c/four.txt")),
    ];
    for (const step of steps) {
      step();
      const result = render(config, ["--incremental", "--verbose"]);
      expect(result.status).toBe(0);
      await expectSameAsFullRender();
    }
  });
});

describe("blossom render --incremental and entries that cannot be read", () => {
  let dir: string;
  afterAll(() => removeDir(dir));

  it("reports an entry broken in place and a broken one added, without listing every folder, until they are fixed", () => {
    const seven = "---\ntitle: Seven\ndate: 2024-02-02\n---\nBody\n";
    dir = makeTempDir({ "config.yaml": `${CONFIG}plugins:\n  - markdown\n`, ...ENTRIES, "entries/a/seven.md": seven });
    const config = join(dir, "config.yaml");
    expect(render(config).status).toBe(0);
    // seven.md is rewritten in place (its folder's mtime stays); new.md is added to another folder.
    writeFiles(dir, { "entries/a/seven.md": "---\ntitle: [unclosed\n---\nBody\n", "entries/c/new.md": "---\ndate: [2024\n---\nBody\n" });
    const broken = render(config, ["--incremental"]);
    expect(broken.status).toBe(1);
    const fails = (stderr: string): string[] => stderr.split("\n").filter((l) => l.startsWith("FAIL ")).sort();
    expect(fails(broken.stderr)).toEqual([
      expect.stringMatching(/^FAIL entries\/a\/seven\.md: BLOSSOM_ERR_ENTRY_PARSE/),
      expect.stringMatching(/^FAIL entries\/c\/new\.md: BLOSSOM_ERR_ENTRY_PARSE/),
    ]);
    expect(outputFiles(join(dir, "public"))).not.toContain("a/seven.html");
    // Still broken: reported again, though no folder changed since.
    const again = render(config, ["--incremental"]);
    expect(again.status).toBe(1);
    expect(fails(again.stderr)).toHaveLength(2);
    writeFiles(dir, { "entries/a/seven.md": seven, "entries/c/new.md": "---\ntitle: New\ndate: 2024-02-03\n---\nBody\n" });
    const fixed = render(config, ["--incremental"]);
    expect(fixed.stderr).toBe("");
    expect(fixed.status).toBe(0);
    expect(outputFiles(join(dir, "public"))).toEqual(expect.arrayContaining(["a/seven.html", "c/new.html"]));
  });
});
