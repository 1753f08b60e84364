import type { Blog } from "../../core/blog";
import type { RequestContext } from "../../core/context";
import { parsePathInfo } from "../../plugins/blosxom/pathinfo";
import { makeTempDir, openBlog, removeDir, request } from "../helpers/temp-blog";

const CONFIG = "base_url: http://www.example.com/\ndefault_flavour: html\n";

async function blogWith(files: string[], config = CONFIG): Promise<{ blog: Blog; dir: string }> {
  const spec: Record<string, string> = { "config.yaml": config };
  for (const f of files) spec[`entries/${f}`] = `Title of ${f}\n<p>body</p>\n`;
  const dir = makeTempDir(spec);
  return { blog: await openBlog(dir), dir };
}

function pathinfo(blog: Blog, path: string, query: Record<string, string> = {}) {
  return parsePathInfo({ blog, request: request(path, { query }) } as unknown as RequestContext);
}

// PyBlosxom's test_pathinfo.py vectors (blosxom-spec.md §3.3), with Blossom's deliberate differences marked.
describe("path info", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));
  const setup = async (files: string[], config?: string) => {
    const made = await blogWith(files, config);
    dirs.push(made.dir);
    return made.blog;
  };

  it("reads the front page and index URLs", async () => {
    const blog = await setup(["file1.txt"]);
    expect(pathinfo(blog, "/")).toMatchObject({ kind: "index", category: "", flavour: "html", truncate: true, canonicalPath: "/" });
    expect(pathinfo(blog, "/index")).toMatchObject({ kind: "index", category: "", flavour: "html" });
    expect(pathinfo(blog, "/index.xml")).toMatchObject({ kind: "index", category: "", flavour: "xml", canonicalPath: "/index.xml" });
    expect(pathinfo(blog, "")).toMatchObject({ kind: "index", category: "" });
  });

  it("finds entries with and without an extension", async () => {
    const blog = await setup(["file1.txt", "cata/file2.txt", "catb/file3.txt"]);
    expect(pathinfo(blog, "/file1")).toMatchObject({ kind: "entry", entryId: "file1", flavour: "html", truncate: false });
    expect(pathinfo(blog, "/cata/file2")).toMatchObject({ kind: "entry", entryId: "cata/file2", category: "cata" });
    expect(pathinfo(blog, "/cata/file2.rss")).toMatchObject({ kind: "entry", entryId: "cata/file2", flavour: "rss" });
  });

  it("reads categories at any depth, with or without a trailing slash", async () => {
    const blog = await setup(["cata/entry1.txt", "cata/suba/entry1.txt", "catb/entry1.txt"]);
    for (const path of ["/cata", "/cata/", "/cata/index", "/cata/index.html"]) {
      expect(pathinfo(blog, path)).toMatchObject({ kind: "index", category: "cata", flavour: "html", canonicalPath: "/cata/" });
    }
    expect(pathinfo(blog, "/cata/suba")).toMatchObject({ kind: "index", category: "cata/suba" });
    expect(pathinfo(blog, "/cata/suba/entry1.html")).toMatchObject({ kind: "entry", entryId: "cata/suba/entry1", flavour: "html" });
    expect(pathinfo(blog, "/cata/index.foo")).toMatchObject({ category: "cata", flavour: "foo", canonicalPath: "/cata/index.foo" });
  });

  it("reads date archives, alone and after a category, not truncated", async () => {
    const blog = await setup(["cata/e1.txt"]);
    expect(pathinfo(blog, "/2002")).toMatchObject({ kind: "index", category: "", year: "2002", truncate: false, canonicalPath: "/2002/" });
    expect(pathinfo(blog, "/2002/02")).toMatchObject({ year: "2002", month: "02" });
    expect(pathinfo(blog, "/2002/02/04")).toMatchObject({ year: "2002", month: "02", day: "04", canonicalPath: "/2002/02/04/" });
    expect(pathinfo(blog, "/cata/2004/05/")).toMatchObject({ category: "cata", year: "2004", month: "05", canonicalPath: "/cata/2004/05/" });
    expect(pathinfo(blog, "/2004/05/index.rss")).toMatchObject({ year: "2004", month: "05", flavour: "rss" });
  });

  it("reads month abbreviations in any case (PyBlosxom: exact locale case only)", async () => {
    const blog = await setup(["e.txt"]);
    for (const m of ["May", "may", "MAY"]) expect(pathinfo(blog, `/2004/${m}/`)).toMatchObject({ year: "2004", month: "05" });
  });

  it("rejects what is not a real date (PyBlosxom accepted /2004/May/32 and /0000)", async () => {
    const blog = await setup(["e.txt"]);
    for (const path of ["/2004/5", "/2004/13", "/2004/02/30", "/2004/05/1", "/204", "/2004/05/01/extra"]) {
      expect(pathinfo(blog, path)).toBeUndefined();
    }
  });

  it("treats a real folder named like a year as a category", async () => {
    const blog = await setup(["2007/entry1.txt", "2007/05/entry3.txt", "cata/entry2.txt"]);
    expect(pathinfo(blog, "/2007/")).toMatchObject({ kind: "index", category: "2007" });
    expect(pathinfo(blog, "/2007")).toMatchObject({ kind: "index", category: "2007" });
    expect(pathinfo(blog, "/2007/05")).toMatchObject({ kind: "index", category: "2007/05" });
    expect(pathinfo(blog, "/2007/05/entry3.html")).toMatchObject({ kind: "entry", entryId: "2007/05/entry3" });
    expect(pathinfo(blog, "/2007/index.xml")).toMatchObject({ category: "2007", flavour: "xml" });
  });

  it("picks the flavour: URL extension, then ?flav=, then default_flavour", async () => {
    const blog = await setup(["cata/e1.txt"], `${CONFIG.replace("html", "foo")}`);
    expect(pathinfo(blog, "/")).toMatchObject({ flavour: "foo" });
    expect(pathinfo(blog, "/", { flav: "rss" })).toMatchObject({ flavour: "rss" });
    expect(pathinfo(blog, "/index.atom", { flav: "rss" })).toMatchObject({ flavour: "atom" });
    expect(pathinfo(blog, "/cata/e1.html", { flav: "rss" })).toMatchObject({ flavour: "html" });
    expect(pathinfo(blog, "/cata/e1", { flav: "rss" })).toMatchObject({ flavour: "rss" });
  });

  it("answers nothing for a date before a category, or for unknown paths (404)", async () => {
    const blog = await setup(["cata/e1.txt"]);
    for (const path of ["/2006/cata/", "/nope", "/cata/nope", "/cata/e1/", "/nope.html", "/../etc/passwd", "/cata/../cata/e1"]) {
      expect(pathinfo(blog, path)).toBeUndefined();
    }
  });
});
