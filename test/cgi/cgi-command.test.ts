import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN } from "../helpers/cli";
import { makeTempDir, removeDir, REPO } from "../helpers/temp-blog";
import { parseCgiResponse, transportBlog, type CgiResponse } from "../helpers/transport-blog";

/** `blossom cgi` as a web server runs it: a CGI environment, the body on stdin, the response on stdout. */
describe("blossom cgi", () => {
  let dir: string;
  let config: string;

  beforeAll(() => {
    dir = transportBlog("http://127.0.0.1:8080/blog/", ["- cgi: {max_body_bytes: 1000}"]);
    config = join(dir, "config.yaml");
  });
  afterAll(() => removeDir(dir));

  const run = (env: Record<string, string>, input = "", command: string[] = [BIN, "cgi", "--config", config]) => {
    const result = spawnSync(process.execPath, command, {
      env: { PATH: process.env.PATH, GATEWAY_INTERFACE: "CGI/1.1", REMOTE_ADDR: "127.0.0.1", ...env },
      input,
      timeout: 20_000,
    });
    return { code: result.status, stderr: result.stderr.toString(), stdout: result.stdout.toString(), response: (): CgiResponse => parseCgiResponse(result.stdout) };
  };
  const get = (path: string, env: Record<string, string> = {}) => run({ REQUEST_METHOD: "GET", SCRIPT_NAME: "/blog", PATH_INFO: path, QUERY_STRING: "", ...env });

  it("answers a page with a CGI response whose links carry the mount, and exits 0", () => {
    const result = get("/");
    expect(result.code).toBe(0);
    const page = result.response();
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(Number(page.headers["content-length"])).toBe(Buffer.byteLength(page.body));
    expect(page.body).toContain("Small Hours");
    const hrefs = [...page.body.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(hrefs.filter((h) => h.startsWith("/")).length).toBeGreaterThan(5);
    for (const href of hrefs.filter((h) => h.startsWith("/"))) expect(href).toMatch(/^\/blog\//);
  });

  it("gives the same page from SCRIPT_NAME + PATH_INFO, REQUEST_URI alone, or DOCUMENT_URI alone", () => {
    const bodies = [
      get("/tech/index.rss").response().body,
      run({ REQUEST_METHOD: "GET", REQUEST_URI: "/blog/tech/index.rss", QUERY_STRING: "" }).response().body,
      run({ REQUEST_METHOD: "GET", DOCUMENT_URI: "/blog/tech/index.rss" }).response().body,
    ];
    expect(bodies[0]).toContain("<rss");
    expect(bodies[1]).toBe(bodies[0]);
    expect(bodies[2]).toBe(bodies[0]);
  });

  it("reads a POST body from stdin, exactly CONTENT_LENGTH bytes", () => {
    const body = "name=Ada&comment=h%C3%A9llo";
    const result = run(
      { REQUEST_METHOD: "POST", SCRIPT_NAME: "/blog", PATH_INFO: "/probe/echo", QUERY_STRING: "a=1", CONTENT_TYPE: "application/x-www-form-urlencoded", CONTENT_LENGTH: String(body.length), HTTP_X_TEST: "yes" },
      `${body}and more that is not the body`,
    );
    expect(result.code).toBe(0);
    const seen = JSON.parse(result.response().body) as Record<string, unknown>;
    expect(seen).toMatchObject({ method: "POST", path: "/probe/echo", query: { a: "1" }, body, remoteAddress: "127.0.0.1" });
    expect(seen.headers).toMatchObject({ "content-type": "application/x-www-form-urlencoded", "x-test": "yes", "content-length": String(body.length) });
  });

  it("answers HEAD with the headers of GET and no body", () => {
    const head = run({ REQUEST_METHOD: "HEAD", SCRIPT_NAME: "/blog", PATH_INFO: "/tech/" }).response();
    const full = get("/tech/").response();
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect(head.headers["content-length"]).toBe(String(Buffer.byteLength(full.body)));
  });

  it("redirects /blog to an absolute /blog/ and leaves /blog2 alone", () => {
    const redirect = get("", { QUERY_STRING: "x=1" });
    expect(redirect.code).toBe(0);
    expect(redirect.response()).toMatchObject({ status: 301, headers: { location: "http://127.0.0.1:8080/blog/?x=1" } });
    const outside = run({ REQUEST_METHOD: "GET", REQUEST_URI: "/blog2" }).response();
    expect(outside.status).toBe(404);
    expect(outside.body).not.toContain("Small Hours");
  });

  it("answers a missing environment with an error page and exit code 2, never a stack trace", () => {
    const result = run({});
    expect(result.code).toBe(2);
    const page = result.response();
    expect(page.status).toBe(500);
    expect(page.body).toContain("BLOSSOM_ERR_CGI_ENVIRONMENT");
    expect(result.stderr).toMatch(/BLOSSOM_ERR_CGI_ENVIRONMENT: REQUEST_METHOD is not set/);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at /);
    const noPath = run({ REQUEST_METHOD: "GET" });
    expect(noPath.code).toBe(2);
    expect(noPath.response().status).toBe(500);
  });

  it("answers a bad CONTENT_LENGTH, a short body and a too large body with 400, 400 and 413, exit code 1", () => {
    const post = { REQUEST_METHOD: "POST", SCRIPT_NAME: "/blog", PATH_INFO: "/probe/echo" };
    const cases: Array<[Record<string, string>, string, number, RegExp]> = [
      [{ ...post, CONTENT_LENGTH: "ten" }, "", 400, /CONTENT_LENGTH "ten" is not a number/],
      [{ ...post, CONTENT_LENGTH: "50" }, "only twenty bytes...", 400, /the body ended after 20 of 50 bytes/],
      [{ ...post, CONTENT_LENGTH: "5000" }, "x".repeat(5000), 413, /5000 bytes is over 1000 bytes/],
    ];
    for (const [env, input, status, log] of cases) {
      const result = run(env, input);
      expect([status, result.code]).toEqual([result.response().status, 1]);
      expect(result.stderr).toMatch(log);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("boots from the cached config and index, and still sees new entries, edited entries and config changes", () => {
    expect(get("/").code).toBe(0);
    expect(existsSync(join(dir, ".blossom", "config", "config.json"))).toBe(true);
    expect(existsSync(join(dir, ".blossom", "config", "index.bin"))).toBe(true);

    // The sidebar's lists (category counts, archives, tag cloud) are kept on disk between requests too.
    expect(existsSync(join(dir, ".blossom", "config", "derived.json"))).toBe(true);
    const cookingCount = (body: string): number => Number(/href="\/blog\/cooking\/">[^<]*<\/a> <span class="count">\((\d+)\)/.exec(body)?.[1]);
    const before = cookingCount(get("/").response().body);
    expect(before).toBeGreaterThan(0);

    // A new file changes its folder's mtime: seen by the very next request, in its listing and in the counts.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    writeFileSync(join(dir, "entries", "cooking", "fresh-bread.txt"), `Fresh bread\n#date ${yesterday}\n#tags sourdough\n<p>Crust.</p>\n`);
    expect(get("/cooking/").response().body).toContain("Fresh bread");
    const front = get("/").response().body;
    expect(cookingCount(front)).toBe(before + 1);
    expect(front).toContain("/blog/tags/sourdough/");

    // An edit in place does not change the folder; touching the folder makes the next request look.
    const entry = join(dir, "entries", "cooking", "fresh-bread.txt");
    writeFileSync(entry, `Fresh rye bread\n#date ${yesterday}\n<p>Crust.</p>\n`);
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, "entries", "cooking"), later, later);
    expect(get("/cooking/").response().body).toContain("Fresh rye bread");

    // A changed config.yaml is validated afresh (the cache key is its text).
    writeFileSync(config, readFileSync(config, "utf8").replace(/^title: .*$/m, "title: Renamed Hours"));
    expect(get("/").response().body).toContain("Renamed Hours");
  });

  it("answers from the cached index exactly as from a fresh walk of the entries, on every kind of page", () => {
    // tomato-soup is a draft: not found either way.
    const paths = ["/", "/cooking/", "/cooking/weeknight-dal.html", "/tech/index.rss", "/2024/", "/tags/sourdough/", "/page/2/", "/cooking/tomato-soup.html"];
    const blog = transportBlog("http://127.0.0.1:8080/blog/");
    const cache = makeTempDir({});
    try {
      const answer = (path: string) => {
        const env = { REQUEST_METHOD: "GET", SCRIPT_NAME: "/blog", PATH_INFO: path, BLOSSOM_CACHE_DIR: cache };
        const result = run(env, "", [BIN, "cgi", "--config", join(blog, "config.yaml")]);
        return [result.code, result.stdout];
      };
      const fresh = paths.map((path) => {
        removeDir(cache); // no index on disk: this request walks and parses every entry
        return answer(path);
      });
      expect(fresh.map(([, out]) => /^Status: (\d+)/.exec(String(out))?.[1])).toEqual(["200", "200", "200", "200", "200", "200", "200", "404"]);
      answer("/");
      expect(existsSync(join(cache, "index.bin"))).toBe(true);
      expect(paths.map(answer)).toEqual(fresh);
    } finally {
      removeDir(cache);
      removeDir(blog);
    }
  });

  it("sees an edit in place once the sweep is due, and lets one of concurrent requests do the sweep", () => {
    const blog = transportBlog("http://127.0.0.1:8080/blog/", ["- cgi: {sweep_after_ms: 0}"]);
    try {
      const ask = (path: string) =>
        run({ REQUEST_METHOD: "GET", SCRIPT_NAME: "/blog", PATH_INFO: path }, "", [BIN, "cgi", "--config", join(blog, "config.yaml")]).response().body;
      expect(ask("/cooking/weeknight-dal.html")).toContain("A weeknight red lentil dal");
      const file = join(blog, "entries", "cooking", "weeknight-dal.md");
      let edits = 0;
      const edit = (title: string): void => {
        writeFileSync(file, readFileSync(file, "utf8").replace(/^title: .*$/m, `title: ${title}`));
        const later = new Date(Date.now() + 5_000 * ++edits);
        utimesSync(file, later, later); // the folder's mtime stays: only a sweep sees this edit
      };

      // Another process is sweeping (its lock is fresh): this request checks folders only.
      const lock = join(blog, ".blossom", "config", "index-swept.json.lock");
      writeFileSync(lock, "");
      edit("Dal, edited once");
      expect(ask("/cooking/weeknight-dal.html")).not.toContain("Dal, edited once");

      // A lock left by a process that died mid-sweep is taken over once stale.
      const old = new Date(Date.now() - 120_000);
      utimesSync(lock, old, old);
      expect(ask("/cooking/weeknight-dal.html")).toContain("Dal, edited once");
      expect(existsSync(lock)).toBe(false);

      // No lock: every request past sweep_after_ms sweeps.
      edit("Dal, edited twice");
      expect(ask("/cooking/weeknight-dal.html")).toContain("Dal, edited twice");
    } finally {
      removeDir(blog);
    }
  });

  it("answers 500 on stdout when the config is broken, so the server shows an error page, not a bad gateway", () => {
    const broken = transportBlog("http://127.0.0.1:8080/blog/");
    try {
      writeFileSync(join(broken, "config.yaml"), "title: [unclosed\n");
      const result = run({ REQUEST_METHOD: "GET", SCRIPT_NAME: "/blog", PATH_INFO: "/" }, "", [BIN, "cgi", "--config", join(broken, "config.yaml")]);
      expect(result.code).toBe(2);
      expect(result.response().status).toBe(500);
      expect(result.stderr).toMatch(/BLOSSOM_ERR_CONFIG_SYNTAX/);
    } finally {
      removeDir(broken);
    }
  });

  it("loads an ES module plugin with top-level await through import(), also when the bundle comes from the code cache", () => {
    // On Node 20, import() fails in code restored from a V8 code cache; bin/code-cache.js hands the bundle its own.
    const esm = transportBlog("http://127.0.0.1:8080/blog/", ["- ./tla-plugin.mjs"]);
    try {
      writeFileSync(
        join(esm, "tla-plugin.mjs"),
        `const answer = await Promise.resolve("from a module with top-level await");
export default {
  name: "tla",
  apply(blog) {
    blog.hooks.handle.tapPromise({ name: "tla", stage: -200 }, async (ctx) =>
      ctx.request.path === "/tla" ? { status: 200, headers: { "Content-Type": "text/plain" }, body: answer } : undefined);
  },
};
`,
      );
      // The first run may write dist/blossom.js.codecache; the second then loads the bundle from it.
      for (let i = 0; i < 2; i++) {
        const page = run({ REQUEST_METHOD: "GET", SCRIPT_NAME: "/blog", PATH_INFO: "/tla", QUERY_STRING: "" }, "", [BIN, "cgi", "--config", join(esm, "config.yaml")]);
        expect(page.response().body).toBe("from a module with top-level await");
        expect(page.stderr).not.toMatch(/warning/i);
      }
    } finally {
      removeDir(esm);
    }
  });

  it("ships sample-blog/blossom.cgi, which finds config.yaml beside itself or through BLOSSOM_CONFIG", () => {
    const script = join(dir, "blossom.cgi");
    copyFileSync(join(REPO, "sample-blog", "blossom.cgi"), script);
    const page = run({ REQUEST_METHOD: "GET", SCRIPT_NAME: "/blog", PATH_INFO: "/tech/", BLOSSOM_HOME: REPO }, "", [script]);
    expect(page.code).toBe(0);
    expect(page.response().body).toContain("Renamed Hours");

    const other = transportBlog("http://127.0.0.1:8080/other/");
    try {
      writeFileSync(join(other, "config.yaml"), readFileSync(join(other, "config.yaml"), "utf8").replace(/^title: .*$/m, "title: Other Hours"));
      const elsewhere = run({ REQUEST_METHOD: "GET", SCRIPT_NAME: "/other", PATH_INFO: "/", BLOSSOM_HOME: REPO, BLOSSOM_CONFIG: join(other, "config.yaml") }, "", [script]);
      expect(elsewhere.response().body).toContain("Other Hours");
    } finally {
      removeDir(other);
    }
    const lost = run({ REQUEST_METHOD: "GET", SCRIPT_NAME: "/blog", PATH_INFO: "/", BLOSSOM_HOME: join(dir, "nowhere") }, "", [script]);
    expect(lost.code).toBe(2);
    expect(lost.response().status).toBe(500);
    expect(lost.stderr).toMatch(/cannot load Blossom/);
  });
});
