import type { Blog } from "../../core/blog";
import { get, makeTempDir, openBlog, removeDir, request, type FileSpec } from "../helpers/temp-blog";

const day = (d: string): Date => new Date(`${d}T12:00:00Z`);

const FILES: Record<string, FileSpec> = {
  "config.yaml": "title: Test <Blog>\nbase_url: https://example.com/\nnum_entries: 2\nignore_directories: [attic]\n",
  "entries/one.txt": { text: "One\n<p>first</p>\n", mtime: day("2024-05-01") },
  "entries/cat/two.txt": { text: "Two\n#mood sunny\n<p>second</p>\n", mtime: day("2024-05-02") },
  "entries/cat/sub/three.txt": { text: "Three\n<p>third</p>\n", mtime: day("2024-06-03") },
  "entries/dated.txt": "Dated by metadata\n#date 2023-01-15 08:00\n<p>old</p>\n",
  "entries/draft.txt": "A draft\n#draft\n<p>secret draft</p>\n",
  "entries/future.txt": "From the future\n#date 2999-01-01\n<p>secret future</p>\n",
  "entries/.hidden/h.txt": "Hidden\n<p>secret dot</p>\n",
  "entries/attic/a.txt": "Attic\n<p>secret attic</p>\n",
  "entries/notes.rtf": "not an entry",
  "flavours/cat/html/story.mustache": "<div class=\"cat-story\">{{title}}{{#mood}} ({{mood}}){{/mood}}</div>\n",
  "static/site.css": "body { color: red }\n",
};

describe("a request through handle()", () => {
  let dir: string;
  let blog: Blog;
  beforeAll(async () => {
    dir = makeTempDir(FILES);
    blog = await openBlog(dir);
  });
  afterAll(() => removeDir(dir));

  const titles = (html: string): string[] => [...html.matchAll(/class="entry-title"><a [^>]*>([^<]+)</g)].map((m) => m[1]!);

  it("lists the newest entries first, cut to num_entries on the front page", async () => {
    const page = await get(blog, "/");
    expect(page.status).toBe(200);
    expect(page.headers["Content-Type"]).toBe("text/html; charset=utf-8");
    expect(titles(page.text)).toEqual(["Three", "Two"]);
  });

  it("does not cut date archives, and dates entries by #date over mtime", async () => {
    expect(titles((await get(blog, "/2024/")).text)).toEqual(["Three", "Two", "One"]);
    expect(titles((await get(blog, "/2024/05/")).text)).toEqual(["Two", "One"]);
    expect(titles((await get(blog, "/2024/May/02/")).text)).toEqual(["Two"]);
    expect(titles((await get(blog, "/2023/01/15/")).text)).toEqual(["Dated by metadata"]);
  });

  it("lists a category with its subcategories; uses the category's own story template", async () => {
    const page = await get(blog, "/cat/");
    expect(page.text.match(/class="cat-story">([^<]+)</g)).toEqual(['class="cat-story">Three<', 'class="cat-story">Two (sunny)<']);
    expect(titles((await get(blog, "/")).text)).toEqual(["Three", "Two"]);
  });

  it("shows one entry, with its metadata as template variables", async () => {
    const page = await get(blog, "/one.html");
    expect(page.status).toBe(200);
    expect(titles(page.text)).toEqual(["One"]);
    expect(page.text).toContain("<p>first</p>");
    expect((await get(blog, "/cat/two")).text).toContain("Two (sunny)");
  });

  it("hides drafts, future entries, dot-folders and ignored folders", async () => {
    const all = (await get(blog, "/2999/")).status;
    expect(all).toBe(404);
    for (const path of ["/draft.html", "/future.html", "/.hidden/h.html", "/attic/a.html", "/attic/", "/notes.html"]) {
      expect((await get(blog, path)).status).toBe(404);
    }
    const everything = (await get(blog, "/2024/")).text + (await get(blog, "/2023/")).text;
    expect(everything).not.toMatch(/secret/);
  });

  it("answers 404 in the error flavour, escaping what came from the URL", async () => {
    const page = await get(blog, "/nope/<script>alert(1)</script>");
    expect(page.status).toBe(404);
    expect(page.text).toContain("BLOSSOM_ERR_NOT_FOUND");
    expect(page.text).not.toContain("<script>alert(1)</script>");
    expect(page.text).toContain("&lt;script&gt;");
    expect(page.text).toMatch(/<title>404 Page not found · Test &lt;Blog&gt;<\/title>/);
  });

  it("answers an unknown flavour with 404, never echoing it unescaped (PyBlosxom's reflected XSS)", async () => {
    const page = await get(blog, "/", { query: { flav: "<script>x</script>" } });
    expect(page.status).toBe(404);
    expect(page.text).toContain("BLOSSOM_ERR_FLAVOUR_NOT_FOUND");
    expect(page.text).not.toContain("<script>x</script>");
    expect((await get(blog, "/index.nosuch")).status).toBe(404);
  });

  it("escapes the blog title in templates", async () => {
    expect((await get(blog, "/")).text).toContain("Test &lt;Blog&gt;");
  });

  it("renders feeds with absolute links from base_url", async () => {
    const rss = await get(blog, "/index.rss");
    expect(rss.headers["Content-Type"]).toMatch(/^application\/rss\+xml/);
    expect(rss.text.startsWith("<?xml")).toBe(true);
    expect(rss.text).toContain("<link>https://example.com/cat/sub/three.html</link>");
    const atom = await get(blog, "/cat/index.atom");
    expect(atom.headers["Content-Type"]).toMatch(/^application\/atom\+xml/);
    expect(atom.text).toContain("https://example.com/cat/two.html");
  });

  it("answers HEAD like GET without a body", async () => {
    const full = await get(blog, "/");
    const head = await blog.handle(request("/", { method: "HEAD" }));
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect(head.headers["Content-Length"]).toBe(String(Buffer.byteLength(full.text)));
  });

  it("renders POST like GET, and refuses other methods with 405 and Allow", async () => {
    expect((await get(blog, "/", { method: "POST", body: Buffer.from("a=1") })).status).toBe(200);
    const put = await get(blog, "/", { method: "PUT" });
    expect(put.status).toBe(405);
    expect(put.headers.Allow).toBe("GET, HEAD, POST");
  });

  it("serves static_dir under /static/ without escaping it", async () => {
    const css = await get(blog, "/static/site.css");
    expect(css.status).toBe(200);
    expect(css.headers["Content-Type"]).toBe("text/css; charset=utf-8");
    expect(css.text).toBe("body { color: red }\n");
    expect((await get(blog, "/static/../config.yaml")).status).toBe(404);
    expect((await get(blog, "/static/%2e%2e/config.yaml")).status).toBe(404);
  });
});
