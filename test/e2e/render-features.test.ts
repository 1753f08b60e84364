// `blossom render` with the categories, archives, tags and paginate plugins: every page a reader can reach by a
// link is written, and an incremental render keeps counts and pages current.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { blossom } from "../helpers/cli";
import { makeTempDir, removeDir } from "../helpers/temp-blog";
import { entryText } from "../plugins/feature-blog";

const CONFIG = `base_url: http://example.com/blog/
timezone: UTC
num_entries: 3
plugins:
  - categories
  - archives
  - tags
  - paginate
`;

/** Seven entries in 2024: four in "a", four tagged "x". */
const ENTRIES: Record<string, string> = {
  "entries/a/one.txt": entryText({ title: "One", date: "2024-01-01", tags: "x, Y" }),
  "entries/a/two.txt": entryText({ title: "Two", date: "2024-02-01", tags: "x" }),
  "entries/a/three.txt": entryText({ title: "Three", date: "2024-03-01", tags: "x" }),
  "entries/a/four.txt": entryText({ title: "Four", date: "2024-04-01" }),
  "entries/b/five.txt": entryText({ title: "Five", date: "2024-05-01", tags: "x" }),
  "entries/b/six.txt": entryText({ title: "Six", date: "2024-06-01" }),
  "entries/seven.txt": entryText({ title: "Seven", date: "2024-07-01" }),
};

function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(root, path) : [relative(root, path)];
  });
}

/** The file a link under the mount is written to. */
function fileOf(href: string): string {
  const path = decodeURIComponent(href.replace(/^\/blog/, ""));
  return path.endsWith("/") ? `${path}index.html` : path;
}

describe("blossom render with the feature plugins", () => {
  let dir: string;
  let out: string;
  const env = { SOURCE_DATE_EPOCH: String(Date.UTC(2025, 0, 1) / 1000) };
  const render = (...args: string[]) => blossom(["render", "--config", join(dir, "config.yaml"), "--out", out, "--flavours", "html,rss", "--jobs", "1", ...args], { env });
  const read = (file: string): string => readFileSync(join(out, file), "utf8");

  beforeAll(() => {
    dir = makeTempDir({ "config.yaml": CONFIG, ...ENTRIES });
    out = join(dir, "public");
  });
  afterAll(() => removeDir(dir));

  it("writes every page of every paginated listing, and no more", () => {
    const result = render();
    expect(result.out).toMatch(/0 failed/);
    expect(result.status).toBe(0);
    const files = filesUnder(out);
    expect(files.filter((f) => f.includes("page/")).sort()).toEqual(
      ["2024/page/2/index.html", "2024/page/3/index.html", "a/page/2/index.html", "page/2/index.html", "page/3/index.html", "tags/x/page/2/index.html"].sort(),
    );
    expect(files).toEqual(expect.arrayContaining(["tags/x/index.html", "tags/x/index.rss", "tags/y/index.html", "index.rss"]));
    expect(read("page/3/index.html")).toContain('<li><span aria-current="page">3</span></li>');
    expect(read("tags/x/page/2/index.html")).toContain("Tagged </span>x · Page 2</h1>");
    expect(read("2024/index.html")).toContain('<ul class="year-summary">');
  });

  it("writes the page behind every link the pages carry", () => {
    const missing = new Set<string>();
    for (const file of filesUnder(out).filter((f) => f.endsWith(".html"))) {
      for (const [, href] of read(file).matchAll(/href="(\/blog\/[^"]*)"/g)) {
        if (!href!.startsWith("/blog/static/") && !existsSync(join(out, fileOf(href!)))) missing.add(`${href} (in ${file})`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it("declares its blog-wide data, so a retitled entry re-renders only the pages that list it", () => {
    writeFileSync(join(dir, "entries/b/six.txt"), entryText({ title: "Six, retitled", date: "2024-06-01" }));
    const result = render("--incremental");
    expect(result.status).toBe(0);
    // "Rendered 12 of 60 pages …", or "Rendered 60 pages …" when every page was rendered.
    const [, rendered, total = rendered] = /Rendered (\d+)(?: of (\d+))? pages/.exec(result.stdout) ?? [];
    expect(Number(rendered)).toBeGreaterThan(0);
    expect(Number(rendered)).toBeLessThan(Number(total) / 2);
    expect(read("b/index.html")).toContain("Six, retitled");
  });

  it("keeps counts and pages current in an incremental render", () => {
    writeFileSync(join(dir, "entries/a/eight.txt"), entryText({ title: "Eight", date: "2024-08-01", tags: "x, z" }));
    let result = render("--incremental");
    expect(result.status).toBe(0);
    // The sidebar of a page no listing change touched shows the new counts.
    expect(read("b/six.html")).toContain('<a href="/blog/a/">a</a> <span class="count">(5)</span>');
    expect(read("b/six.html")).toContain('<a href="/blog/2024/08/">August</a> <span class="count">(1)</span>');
    expect(read("b/six.html")).toContain('href="/blog/tags/z/"');
    expect(existsSync(join(out, "tags/z/index.html"))).toBe(true);
    expect(read("tags/x/page/2/index.html")).toContain("One");

    for (const name of ["one", "two", "three", "eight"]) rmSync(join(dir, `entries/a/${name}.txt`));
    result = render("--incremental");
    expect(result.status).toBe(0);
    const files = filesUnder(out);
    // Four entries left: two pages each for the front page and 2024; "a" and "x" fit on one; "z" is gone.
    expect(files.filter((f) => f.includes("page/")).sort()).toEqual(["2024/page/2/index.html", "page/2/index.html"]);
    expect(files).toContain("tags/x/index.html");
    expect(files.filter((f) => f.startsWith("tags/z/"))).toEqual([]);
    expect(read("index.html")).toContain('<a href="/blog/a/">a</a> <span class="count">(1)</span>');
  });
});
