import { createHooks } from "../../core/hooks";
import { get, makeTempDir, openBlog, removeDir } from "../helpers/temp-blog";

describe("hook kinds keep the PyBlosxom contracts", () => {
  it("handler: the first non-undefined answer wins; undefined passes on", async () => {
    const hooks = createHooks();
    const calls: string[] = [];
    hooks.pathinfo.tap("a", () => void calls.push("a"));
    hooks.pathinfo.tap("b", () => (calls.push("b"), { kind: "index", category: "b", flavour: "html", truncate: true, canonicalPath: "/" }));
    hooks.pathinfo.tap("c", () => (calls.push("c"), undefined));
    const result = await hooks.pathinfo.promise({} as never);
    expect(result?.category).toBe("b");
    expect(calls).toEqual(["a", "b"]);
  });

  it("modifier: each tap's result is the next tap's input", () => {
    const hooks = createHooks();
    hooks.entryparser.tap("a", (p) => ({ ...p, a: () => ({ title: "", meta: {}, body: "", parser: "plain" }) }));
    hooks.entryparser.tap("b", (p) => ({ ...p, b: p.a! }));
    expect(Object.keys(hooks.entryparser.call({}))).toEqual(["a", "b"]);
  });

  it("notifier: every tap runs, in stage order", async () => {
    const hooks = createHooks();
    const order: string[] = [];
    hooks.prepare.tap({ name: "late", stage: 200 }, () => void order.push("late"));
    hooks.prepare.tap({ name: "early", stage: -200 }, () => void order.push("early"));
    hooks.prepare.tap("default", () => void order.push("default"));
    await hooks.prepare.promise({} as never);
    expect(order).toEqual(["early", "default", "late"]);
  });

  it("attributes a throwing tap to its plugin and hook", async () => {
    const hooks = createHooks();
    hooks.prepare.tap("broken-plugin", () => {
      throw new Error("kaput");
    });
    await expect(hooks.prepare.promise({} as never)).rejects.toMatchObject({
      code: "BLOSSOM_ERR_HOOK_FAILED",
      plugin: "broken-plugin",
      hook: "prepare",
      message: "kaput",
    });
  });

  it("fails a promise tap that does not settle before the deadline", async () => {
    const hooks = createHooks(50);
    hooks.start.tapPromise("stuck-plugin", () => new Promise<void>(() => undefined));
    await expect(hooks.start.promise({} as never)).rejects.toMatchObject({ code: "BLOSSOM_ERR_HOOK_TIMEOUT", plugin: "stuck-plugin", hook: "start" });
  });
});

const PLUGINS = {
  "plugins/thrower.js": `module.exports = { name: "thrower", apply(blog) {
    blog.hooks.prepare.tap("thrower", (ctx) => { if (ctx.request.query.boom) throw new Error("secret internal detail /etc/shadow"); });
  } };`,
  "plugins/sleeper.js": `module.exports = { name: "sleeper", apply(blog) {
    blog.hooks.start.tapPromise("sleeper", (ctx) => ctx.request.query.sleep ? new Promise(() => {}) : Promise.resolve());
  } };`,
  "plugins/answerer.js": `module.exports = { default: { name: "answerer", apply(blog) {
    blog.hooks.handle.tap({ name: "answerer", stage: -200 }, (ctx) =>
      ctx.request.path === "/ping" ? { status: 200, headers: { "Content-Type": "text/plain" }, body: "pong" } : undefined);
    blog.hooks.story.tap("answerer", (args) => ({ ...args, vars: { ...args.vars, title: args.vars.title + " [seen]" } }));
  } } };`,
  "plugins/scoped.js": `module.exports = { name: "scoped", apply(blog) {
    const awilix = require(${JSON.stringify(require.resolve("awilix"))});
    globalThis.__disposed = 0;
    blog.container.register("perRequest", awilix.asFunction(({ request }) => ({ path: request.path }))
      .scoped().disposer(() => { globalThis.__disposed++; }));
    blog.hooks.prepare.tap("scoped", (ctx) => { ctx.vars.scoped_path = ctx.scope.resolve("perRequest").path; });
  } };`,
};

describe("plugins in a request", () => {
  let dir: string;
  const log: string[] = [];
  let blog: Awaited<ReturnType<typeof openBlog>>;
  beforeAll(async () => {
    dir = makeTempDir({
      "config.yaml": "title: The Blog\nrequest_timeout: 100\nplugins:\n  - ./plugins/thrower.js\n  - ./plugins/sleeper.js\n  - ./plugins/answerer.js\n  - ./plugins/scoped.js\n",
      "entries/hello.txt": "Hello\n<p>hi</p>\n",
      "flavours/html/story.mustache": "<p class=\"s\">{{blog_title}}|{{title}}|{{flavour}}</p>\n",
      ...PLUGINS,
    });
    blog = await openBlog(dir, log);
  });
  afterAll(() => removeDir(dir));

  it("lets a handle tap answer the whole request", async () => {
    const res = await get(blog, "/ping");
    expect([res.status, res.text]).toEqual([200, "pong"]);
  });

  it("lets a story tap change an entry's variables, and its template still sees the page's", async () => {
    expect((await get(blog, "/hello.html")).text).toContain('<p class="s">The Blog|Hello [seen]|html</p>');
  });

  it("answers 500 without internals when a tap throws, and logs plugin and hook", async () => {
    const res = await get(blog, "/", { query: { boom: "1" } });
    expect(res.status).toBe(500);
    expect(res.text).toContain("BLOSSOM_ERR_HOOK_FAILED");
    expect(res.text).not.toMatch(/shadow|at Object|\.js:\d+/);
    expect(log.join("\n")).toMatch(/BLOSSOM_ERR_HOOK_FAILED \[thrower\/prepare\]/);
  });

  it("answers 503 when a tap hangs past request_timeout", async () => {
    const res = await get(blog, "/", { query: { sleep: "1" } });
    expect(res.status).toBe(503);
    expect(res.text).toContain("BLOSSOM_ERR_HOOK_TIMEOUT");
    expect(log.join("\n")).toMatch(/BLOSSOM_ERR_HOOK_TIMEOUT \[sleeper\/start\]/);
  });

  it("gives each request its own awilix scope and disposes it", async () => {
    const before = (globalThis as { __disposed?: number }).__disposed ?? 0;
    await get(blog, "/");
    await get(blog, "/hello.html");
    expect((globalThis as unknown as { __disposed: number }).__disposed - before).toBe(2);
  });
});
