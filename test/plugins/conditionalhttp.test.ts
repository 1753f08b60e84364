import { rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Blog } from "../../core/blog";
import { isNotModified, parseEntityTags } from "../../core/http-semantics";
import { get, makeTempDir, openBlog, removeDir, type FileSpec } from "../helpers/temp-blog";

const at = (iso: string): Date => new Date(iso);
const OLD = at("2020-01-01T00:00:00Z");

/** A blog whose every file and folder is dated OLD unless said otherwise, so Last-Modified is predictable. */
function datedBlog(config: string, files: Record<string, FileSpec>): string {
  const dir = makeTempDir({ "config.yaml": { text: config, mtime: OLD }, ...files });
  for (const folder of ["entries", "entries/cat", "flavours", "flavours/plain", "static"]) {
    try {
      utimesSync(join(dir, folder), OLD, OLD);
    } catch {
      // not every blog has every folder
    }
  }
  return dir;
}

/** A flavour only this blog has, dated OLD, so the built-in templates' mtimes do not count. */
const PLAIN_FLAVOUR: Record<string, FileSpec> = {
  "flavours/plain/content_type.mustache": { text: "text/plain; charset=utf-8\n", mtime: OLD },
  "flavours/plain/story.mustache": { text: "{{title}}\n", mtime: OLD },
};

describe("conditionalhttp: RFC 9110 preconditions", () => {
  const validators = { etag: '"abc"', lastModified: Date.parse("2024-05-01T10:00:00.700Z") };

  it("parses If-None-Match lists, weak tags, * and unquoted tags", () => {
    expect(parseEntityTags("*")).toBe("*");
    expect(parseEntityTags(' "a", W/"b" ,"c,d", e')).toEqual([
      { weak: false, opaque: '"a"' },
      { weak: true, opaque: '"b"' },
      { weak: false, opaque: '"c,d"' },
      { weak: false, opaque: '"e"' },
    ]);
  });

  it("compares entity tags weakly, in a list, and * matches any current representation", () => {
    expect(isNotModified({ "if-none-match": '"abc"' }, validators)).toBe(true);
    expect(isNotModified({ "if-none-match": 'W/"abc"' }, validators)).toBe(true);
    expect(isNotModified({ "if-none-match": '"x", "abc"' }, validators)).toBe(true);
    expect(isNotModified({ "if-none-match": "*" }, validators)).toBe(true);
    expect(isNotModified({ "if-none-match": '"abcd"' }, validators)).toBe(false);
    expect(isNotModified({ "if-none-match": "" }, validators)).toBe(false);
    expect(isNotModified({ "if-none-match": '"abc"' }, { ...validators, etag: 'W/"abc"' })).toBe(true);
  });

  it("uses If-Modified-Since only without If-None-Match, at one-second precision, ignoring non-dates", () => {
    expect(isNotModified({ "if-modified-since": "Wed, 01 May 2024 10:00:00 GMT" }, validators)).toBe(true);
    expect(isNotModified({ "if-modified-since": "Wed, 01 May 2024 11:00:00 GMT" }, validators)).toBe(true);
    expect(isNotModified({ "if-modified-since": "Wed, 01 May 2024 09:59:59 GMT" }, validators)).toBe(false);
    expect(isNotModified({ "if-modified-since": "yesterday" }, validators)).toBe(false);
    const both = { "if-none-match": '"other"', "if-modified-since": "Wed, 01 May 2024 11:00:00 GMT" };
    expect(isNotModified(both, validators)).toBe(false);
    expect(isNotModified({}, validators)).toBe(false);
  });
});

describe("conditionalhttp through handle()", () => {
  let dir: string;
  let blog: Blog;
  const lines: string[] = [];
  beforeAll(async () => {
    dir = datedBlog("title: Cond\nbase_url: https://example.com/\nplugins:\n  - conditionalhttp\n", {
      "entries/one.txt": { text: "One\n<p>first</p>\n", mtime: at("2024-05-01T10:00:00Z") },
      "entries/cat/two.txt": { text: "Two\n<p>second</p>\n", mtime: at("2024-05-02T10:00:00Z") },
      "static/site.css": { text: "body { color: red }\n", mtime: at("2023-03-03T03:03:03Z") },
      ...PLAIN_FLAVOUR,
    });
    blog = await openBlog(dir, lines);
  });
  afterAll(async () => {
    await blog.close();
    removeDir(dir);
  });

  it("sends a strong ETag, Last-Modified and Cache-Control with every page, feed and static file", async () => {
    for (const path of ["/", "/cat/", "/one.html", "/index.rss", "/cat/index.atom", "/static/site.css"]) {
      const page = await get(blog, path);
      expect([path, page.status]).toEqual([path, 200]);
      // Pages: a hash of the body. Static files: the file's mtime and size, as nginx and Apache tag them.
      expect(page.headers.ETag).toMatch(path.startsWith("/static/") ? /^"[0-9a-z]+-[0-9a-z]+"$/ : /^"[0-9a-z]{14}"$/);
      expect(new Date(page.headers["Last-Modified"]!).toUTCString()).toBe(page.headers["Last-Modified"]);
      expect(page.headers["Cache-Control"]).toBe("no-cache");
    }
    // The static file keeps the Last-Modified of the file itself, and a tag that changes with it.
    const css = await get(blog, "/static/site.css");
    expect(css.headers["Last-Modified"]).toBe("Fri, 03 Mar 2023 03:03:03 GMT");
    expect(css.headers.ETag).toBe(`"${Date.parse("2023-03-03T03:03:03Z").toString(36)}-${(20).toString(36)}"`);
  });

  it("gives the same bytes the same ETag and different pages different ones", async () => {
    const a = await get(blog, "/");
    const b = await get(blog, "/");
    expect(a.headers.ETag).toBe(b.headers.ETag);
    expect((await get(blog, "/cat/")).headers.ETag).not.toBe(a.headers.ETag);
  });

  it("answers a matching If-None-Match with 304: no body, validators kept, no representation headers", async () => {
    const page = await get(blog, "/");
    for (const condition of [page.headers.ETag!, `W/${page.headers.ETag}`, `"nope", ${page.headers.ETag}`, "*"]) {
      const again = await get(blog, "/", { headers: { "if-none-match": condition } });
      expect([condition, again.status]).toEqual([condition, 304]);
      expect(again.text).toBe("");
      expect(again.headers).toEqual({
        ETag: page.headers.ETag,
        "Last-Modified": page.headers["Last-Modified"],
        "Cache-Control": "no-cache",
        // RFC 9110 §8.6: if sent on a 304, it must be the 200's length (transports default it to the body's).
        "Content-Length": String(Buffer.byteLength(page.text)),
      });
    }
    expect((await get(blog, "/", { headers: { "if-none-match": '"nope"' } })).status).toBe(200);
    expect(lines.filter((l) => l.includes('"GET /" 304')).length).toBe(4);
  });

  it("answers If-Modified-Since only when there is no If-None-Match", async () => {
    const page = await get(blog, "/one.html");
    const lastModified = page.headers["Last-Modified"]!;
    expect((await get(blog, "/one.html", { headers: { "if-modified-since": lastModified } })).status).toBe(304);
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await get(blog, "/one.html", { headers: { "if-modified-since": earlier } })).status).toBe(200);
    expect((await get(blog, "/one.html", { headers: { "if-modified-since": "not a date" } })).status).toBe(200);
    const both = { "if-none-match": '"stale"', "if-modified-since": lastModified };
    expect((await get(blog, "/one.html", { headers: both })).status).toBe(200);
  });

  it("works for static files and feeds too", async () => {
    for (const path of ["/static/site.css", "/index.rss"]) {
      const first = await get(blog, path);
      expect((await get(blog, path, { headers: { "if-none-match": first.headers.ETag! } })).status).toBe(304);
    }
  });

  it("answers HEAD like GET without a body, conditional or not", async () => {
    const page = await get(blog, "/cat/");
    const head = await get(blog, "/cat/", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
    expect(head.headers).toEqual({ ...page.headers, "Content-Length": String(Buffer.byteLength(page.text)) });
    const conditional = await get(blog, "/cat/", { method: "HEAD", headers: { "if-none-match": page.headers.ETag! } });
    expect(conditional.status).toBe(304);
    expect(conditional.text).toBe("");
    expect(conditional.headers["Content-Length"]).toBe(String(Buffer.byteLength(page.text)));
    expect(lines.some((l) => l.includes('"HEAD /cat/" 304'))).toBe(true);
  });

  it("leaves errors and other methods alone: no validators, never a 304", async () => {
    const missing = await get(blog, "/nope/", { headers: { "if-none-match": "*" } });
    expect(missing.status).toBe(404);
    expect(missing.headers.ETag).toBeUndefined();
    const post = await get(blog, "/", { method: "POST", headers: { "if-none-match": "*" } });
    expect(post.status).toBe(200);
    expect(post.headers.ETag).toBeUndefined();
  });

  it("changes the ETag when a template changes, though no entry did (PyBlosxom's validator did not)", async () => {
    const before = await get(blog, "/index.plain");
    writeFileSync(join(dir, "flavours/plain/story.mustache"), "* {{title}}\n");
    blog.flavours.invalidate();
    const after = await get(blog, "/index.plain", { headers: { "if-none-match": before.headers.ETag! } });
    expect(after.status).toBe(200);
    expect(after.text).toContain("* Two");
    expect(after.headers.ETag).not.toBe(before.headers.ETag);
    // ... and Last-Modified moves to the template's mtime (now), so If-Modified-Since alone sees the change too.
    expect(Date.parse(after.headers["Last-Modified"]!)).toBeGreaterThan(Date.parse(before.headers["Last-Modified"]!));
    expect((await get(blog, "/index.plain", { headers: { "if-modified-since": before.headers["Last-Modified"]! } })).status).toBe(200);
  });
});

describe("conditionalhttp: Last-Modified", () => {
  const config = (extra = ""): string => `title: LM\nbase_url: https://example.com/\nplugins:\n  - conditionalhttp${extra}\n`;
  const files = (): Record<string, FileSpec> => ({
    "entries/one.txt": { text: "One\n<p>first</p>\n", mtime: at("2024-05-01T10:00:00Z") },
    "entries/cat/two.txt": { text: "Two\n<p>second</p>\n", mtime: at("2024-05-02T10:00:00Z") },
    "entries/cat/soon.txt": { text: "Soon\n#date 2030-01-01T00:00:00Z\n<p>later</p>\n", mtime: at("2024-04-01T10:00:00Z") },
    ...PLAIN_FLAVOUR,
  });
  const lastModified = async (blog: Blog, path: string, now?: Date): Promise<string> =>
    (await get(blog, path, {}, now ? { now } : {})).headers["Last-Modified"]!;

  it("is the newest change in the whole entries folder by default, and never after now", async () => {
    const dir = datedBlog(config(), files());
    const blog = await openBlog(dir);
    try {
      // one.html shows only "One" (May 1st) but the blog changed on May 2nd.
      expect(await lastModified(blog, "/one.plain")).toBe("Thu, 02 May 2024 10:00:00 GMT");
      expect(await lastModified(blog, "/one.plain", at("2024-05-02T09:00:00Z"))).toBe("Thu, 02 May 2024 09:00:00 GMT");
      // An entry dated in the future moves Last-Modified when its date comes, though no file changed.
      expect(await lastModified(blog, "/index.plain", at("2031-01-01T00:00:00Z"))).toBe("Tue, 01 Jan 2030 00:00:00 GMT");
    } finally {
      await blog.close();
      removeDir(dir);
    }
  });

  it("moves forward when an entry is deleted (its folder changes, and the index reports it)", async () => {
    const dir = datedBlog(config(), files());
    const blog = await openBlog(dir);
    try {
      const before = Date.parse(await lastModified(blog, "/index.plain"));
      const deletedAt = Math.floor(Date.now() / 1000) * 1000;
      rmSync(join(dir, "entries/cat/two.txt"));
      await blog.entries.revalidate(true);
      const after = Date.parse(await lastModified(blog, "/index.plain"));
      expect(before).toBe(Date.parse("2024-05-02T10:00:00Z"));
      expect(after).toBeGreaterThanOrEqual(deletedAt);
    } finally {
      await blog.close();
      removeDir(dir);
    }
  });

  it("with last_modified: shown, is the newest entry on the page", async () => {
    const dir = datedBlog(config(":\n      last_modified: shown"), files());
    const blog = await openBlog(dir);
    try {
      expect(await lastModified(blog, "/one.plain")).toBe("Wed, 01 May 2024 10:00:00 GMT");
      expect(await lastModified(blog, "/cat/index.plain")).toBe("Thu, 02 May 2024 10:00:00 GMT");
    } finally {
      await blog.close();
      removeDir(dir);
    }
  });

  it("is at least the config file's and the flavour's mtimes", async () => {
    const newer: Record<string, FileSpec> = {
      "flavours/newer/content_type.mustache": { text: "text/plain; charset=utf-8\n", mtime: at("2025-02-02T02:02:02Z") },
      "flavours/newer/story.mustache": { text: "{{title}}\n", mtime: at("2025-02-02T02:02:02Z") },
    };
    const dir = datedBlog(config(":\n      cache_control: public, max-age=60"), { ...files(), ...newer });
    utimesSync(join(dir, "config.yaml"), at("2024-12-12T12:12:12Z"), at("2024-12-12T12:12:12Z"));
    const blog = await openBlog(dir);
    try {
      expect(await lastModified(blog, "/one.plain")).toBe("Thu, 12 Dec 2024 12:12:12 GMT");
      expect(await lastModified(blog, "/one.newer")).toBe("Sun, 02 Feb 2025 02:02:02 GMT");
      expect((await get(blog, "/one.plain")).headers["Cache-Control"]).toBe("public, max-age=60");
    } finally {
      await blog.close();
      removeDir(dir);
    }
  });
});
