// `blossom render` of the sample blog: every file holds exactly what the dynamic blog answers for its URL at the
// render's moment, every page a reader can reach is written, and no internal link leads to a missing file.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Blog } from "../../core/blog";
import { dateParts } from "../../core/dates";
import { copySampleBlog, openBlog, removeDir } from "../helpers/temp-blog";
import { brokenLinks, differencesFromDynamic, outputFiles, render, renderedAt } from "./helpers";

const variants = [
  { name: "at the root of its host, in two threads (the main one and a worker)", baseUrl: undefined, mount: "", jobs: "2" },
  { name: "mounted at /blog/, in one thread", baseUrl: "http://blog.example.org/blog/", mount: "/blog", jobs: "1" },
];

describe.each(variants)("blossom render of the sample blog $name", ({ baseUrl, mount, jobs }) => {
  let dir: string;
  let out: string;
  let blog: Blog;
  let result: ReturnType<typeof render>;

  beforeAll(async () => {
    dir = copySampleBlog();
    out = join(dir, "public");
    const config = join(dir, "config.yaml");
    if (baseUrl) writeFileSync(config, readFileSync(config, "utf8").replace(/^base_url: .*$/m, `base_url: ${baseUrl}`));
    result = render(config, ["--jobs", jobs]);
    blog = await openBlog(dir);
  });
  afterAll(async () => {
    await blog?.close();
    removeDir(dir);
  });

  it("succeeds with one quiet summary line when the output is not a terminal", () => {
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Rendered \d+ pages to .*public\/ in [\d.]+ s \(full render, in (one thread|2 threads)\): \d+ written, 0 unchanged, 0 skipped, 0 deleted, 0 failed; static files: 1 copied, 0 deleted\n$/);
    expect(result.stdout).toContain(jobs === "2" ? "in 2 threads" : "in one thread");
  });

  it("writes each file with the bytes the dynamic blog answers for its URL at the same moment", async () => {
    const files = outputFiles(out);
    expect(files.length).toBeGreaterThan(200);
    expect(await differencesFromDynamic(blog, out, renderedAt(out))).toEqual([]);
  });

  it("writes every page a reader can reach: front page, categories, entries and dates, each in its flavours", () => {
    const files = new Set(outputFiles(out));
    const now = renderedAt(out).getTime();
    const visible = blog.entries.visible(now);
    const expected = ["index.html", "index.rss", "index.atom", "index.json", "sitemap.xml", "static/blossom.css"];
    if (!mount) expected.push("robots.txt");
    for (const record of visible) {
      expected.push(`${record.id}.html`);
      const p = dateParts(record.date, blog.config.timezone);
      for (const folder of [p.yr, `${p.yr}/${p.mo_num}`, `${p.yr}/${p.mo_num}/${p.da}`]) {
        for (const flavour of ["html", "rss", "atom", "json"]) expected.push(`${folder}/index.${flavour}`);
      }
      const parts = record.category.split("/");
      for (let i = 1; i <= parts.length && record.category; i++) {
        for (const flavour of ["html", "rss", "atom", "json"]) expected.push(`${parts.slice(0, i).join("/")}/index.${flavour}`);
      }
    }
    expect(expected.filter((file) => !files.has(file))).toEqual([]);
    // Nothing a reader cannot reach: the draft, the ignored folder, the dot-folder.
    expect([...files].filter((f) => /tomato-soup|attic|drafts|half-finished/.test(f))).toEqual([]);
  });

  it("leaves no internal link, in pages or feeds, pointing at a missing file", () => {
    expect(brokenLinks(out, baseUrl ?? blog.config.base_url + "/", mount)).toEqual([]);
  });

  it("copies static_dir byte for byte, keeping its modification time", () => {
    const source = join(dir, "static", "blossom.css");
    const copy = join(out, "static", "blossom.css");
    expect(readFileSync(copy).equals(readFileSync(source))).toBe(true);
    expect(Math.floor(statSync(copy).mtimeMs)).toBe(Math.floor(statSync(source).mtimeMs));
  });

  it("would notice a wrong byte or a missing page (the checks above can fail)", async () => {
    const page = outputFiles(out).find((f) => /^tech\/[^/]+\.html$/.test(f))!;
    writeFileSync(join(out, page), readFileSync(join(out, page), "utf8").replace("</body>", "</body> "));
    expect(await differencesFromDynamic(blog, out, renderedAt(out))).toEqual([expect.stringContaining(page)]);
    rmSync(join(out, page));
    expect(brokenLinks(out, baseUrl ?? blog.config.base_url + "/", mount).join("\n")).toContain(page);
  });
});

describe("blossom render --drafts", () => {
  let dir: string;
  beforeAll(() => {
    dir = copySampleBlog();
  });
  afterAll(() => removeDir(dir));

  it("writes draft entries too (a preview build), and drops them again without --drafts", () => {
    const out = join(dir, "preview");
    expect(render(join(dir, "config.yaml"), ["--out", out, "--drafts"]).status).toBe(0);
    expect(existsSync(join(out, "cooking", "tomato-soup.html"))).toBe(true);
    const again = render(join(dir, "config.yaml"), ["--out", out, "--incremental", "--verbose"]);
    expect(again.status).toBe(0);
    expect(existsSync(join(out, "cooking", "tomato-soup.html"))).toBe(false);
    expect(again.stdout).toContain("deleted /cooking/tomato-soup.html\n");
  });
});
