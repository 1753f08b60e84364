import { request, Agent, type IncomingHttpHeaders } from "node:http";
import { join } from "node:path";
import { copySampleBlog, removeDir } from "../helpers/temp-blog";
import { startServe, type RunningServer } from "../helpers/serve";

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  socket: unknown;
}

/** The sample blog (which lists conditionalhttp, sitemap, jsonfeed and readmore) over a real socket. */
describe("conditional GET over HTTP on the sample blog", () => {
  let dir: string;
  let server: RunningServer;
  // One kept-alive connection: a 304 that carried a Content-Length but no body must not break the next answer.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const send = (method: string, path: string, headers: Record<string, string> = {}): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = request(`${server.origin}${path}`, { method, headers, agent }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body, socket: res.socket }));
      });
      req.on("error", reject);
      req.end();
    });

  beforeAll(async () => {
    dir = copySampleBlog();
    server = await startServe(join(dir, "config.yaml"));
  });
  afterAll(async () => {
    agent.destroy();
    await server?.stop();
    removeDir(dir);
  });

  it("answers 304 to a matching If-None-Match, then a full page on the same connection", async () => {
    const page = await send("GET", "/");
    expect(page.status).toBe(200);
    expect(page.headers.etag).toMatch(/^"[0-9a-z]{14}"$/);
    expect(page.headers["cache-control"]).toBe("no-cache");
    const length = page.headers["content-length"];
    expect(Number(length)).toBe(Buffer.byteLength(page.body));

    const notModified = await send("GET", "/", { "If-None-Match": page.headers.etag! });
    expect(notModified.status).toBe(304);
    expect(notModified.body).toBe("");
    expect(notModified.headers.etag).toBe(page.headers.etag);
    expect(notModified.headers["last-modified"]).toBe(page.headers["last-modified"]);
    expect(notModified.headers["content-length"]).toBe(length);
    expect(notModified.headers["content-type"]).toBeUndefined();

    const head = await send("HEAD", "/", { "If-Modified-Since": page.headers["last-modified"]! });
    expect(head.status).toBe(304);
    const again = await send("GET", "/");
    expect(again.status).toBe(200);
    expect(again.body).toBe(page.body);
    expect(again.socket).toBe(page.socket);
    expect(server.output()).toMatch(/"GET \/" 304/);
    expect(server.output()).toMatch(/"HEAD \/" 304/);
  });

  it("answers HEAD with the GET's headers and no body", async () => {
    const get = await send("GET", "/index.json");
    const head = await send("HEAD", "/index.json");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    for (const name of ["etag", "last-modified", "content-type", "content-length", "cache-control"]) expect([name, head.headers[name]]).toEqual([name, get.headers[name]]);
  });

  it("serves the feature plugins' pages", async () => {
    const feed = JSON.parse((await send("GET", "/index.json")).body) as { version: string; items: Array<{ title: string }> };
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.items.length).toBeGreaterThan(0);
    const sitemap = await send("GET", "/sitemap.xml");
    expect(sitemap.status).toBe(200);
    expect(sitemap.body).toContain("<loc>http://127.0.0.1:8080/travel/scotland/west-highland-way.html</loc>");
    expect((await send("GET", "/robots.txt")).body).toContain("Sitemap: http://127.0.0.1:8080/sitemap.xml\n");
    const front = (await send("GET", "/")).body;
    expect(front).toContain('<link rel="alternate" type="application/feed+json"');
    expect(front).toContain('class="entry-readmore"');
    expect(front).not.toContain("The big idea is that there are different kinds of time");
    const entry = (await send("GET", "/tech/javascript/temporal-first-look.html")).body;
    expect(entry).toContain("The big idea is that there are different kinds of time");
  });
});
