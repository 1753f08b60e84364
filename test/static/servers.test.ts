// The nginx and lighttpd configurations the static plugin ships, serving a render of the sample blog mounted at
// /blog/: every written file is answered at its URL with the dynamic blog's bytes and Content-Type.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { join } from "node:path";
import type { Blog } from "../../core/blog";
import { copySampleBlog, get, openBlog, removeDir, REPO } from "../helpers/temp-blog";
import { outputFiles, pathOfFile, render, renderedAt } from "./helpers";

const SERVERS = join(REPO, "plugins", "static", "servers");
const asRoot = process.getuid?.() === 0;
/** Started as root, the servers drop to www-data, as in production. */
const serverUser = (() => {
  const line = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith("www-data:"));
  const [, , uid, gid] = (line ?? "www-data:x:33:33").split(":");
  return { uid: Number(uid), gid: Number(gid) };
})();

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: "127.0.0.1" }, () => (socket.end(), resolve(true)));
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`the server did not listen on ${port}:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The shipped config with its example values (port 80, /srv/blog/public) replaced, wrapped so it runs here. */
function configFor(server: "nginx" | "lighttpd", tmp: string, out: string, port: number): string {
  const shipped = readFileSync(join(SERVERS, `${server}.conf`), "utf8").replaceAll("/srv/blog/public", out);
  if (server === "nginx") {
    copyFileSync("/etc/nginx/mime.types", join(tmp, "mime.types"));
    return [
      asRoot ? "user www-data;" : "",
      "worker_processes 1;",
      `pid ${tmp}/nginx.pid;`,
      `error_log ${tmp}/error.log warn;`,
      "daemon off;",
      "events { worker_connections 64; }",
      "http {",
      "  include mime.types;",
      "  access_log off;",
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${tmp}/${t};`),
      shipped.replace("listen 80;", `listen 127.0.0.1:${port};`),
      "}",
    ].join("\n");
  }
  mkdirSync(join(tmp, "docroot"), { recursive: true });
  return [
    shipped.replace("server.port = 80", `server.port = ${port}\nserver.bind = "127.0.0.1"`).replace('"/var/www/html"', `"${tmp}/docroot"`),
    `server.errorlog = "${tmp}/error.log"`,
    asRoot ? 'server.username = "www-data"\nserver.groupname = "www-data"' : "",
  ].join("\n");
}

describe.each(["nginx", "lighttpd"] as const)("%s with the configuration in plugins/static/servers/", (server) => {
  let dir: string;
  let out: string;
  let blog: Blog;
  let child: ChildProcess | undefined;
  let origin: string;
  let output = "";

  beforeAll(async () => {
    const binary = `/usr/sbin/${server}`;
    if (!existsSync(binary)) throw new Error(`${binary} is missing: install the Debian package "${server}" (listed in .ci/apt-packages.txt)`);
    dir = copySampleBlog();
    chmodSync(dir, 0o755); // the server's own user must be able to read the output
    out = join(dir, "public");
    const config = join(dir, "config.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace(/^base_url: .*$/m, "base_url: http://blog.example.org/blog/"));
    expect(render(config).status).toBe(0);
    blog = await openBlog(dir);
    const tmp = join(dir, `${server}-run`);
    mkdirSync(tmp);
    if (asRoot) chownSync(tmp, serverUser.uid, serverUser.gid); // logs are opened after dropping to www-data
    const port = await freePort();
    writeFileSync(join(tmp, `${server}.conf`), configFor(server, tmp, out, port));
    const args = server === "nginx" ? ["-p", tmp, "-e", join(tmp, "error.log"), "-c", join(tmp, "nginx.conf")] : ["-D", "-f", join(tmp, "lighttpd.conf")];
    child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (d: Buffer) => (output += d));
    child.stderr!.on("data", (d: Buffer) => (output += d));
    await waitForPort(port, child, () => output + (existsSync(join(tmp, "error.log")) ? readFileSync(join(tmp, "error.log"), "utf8") : ""));
    origin = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    await blog?.close();
    if (dir) removeDir(dir);
  });

  it("answers every written file at its URL with the dynamic blog's bytes and Content-Type", async () => {
    const now = renderedAt(out);
    const problems: string[] = [];
    for (const file of outputFiles(out)) {
      const path = pathOfFile(file);
      const url = `${origin}/blog${path.split("/").map(encodeURIComponent).join("/")}`;
      const served = await fetch(url);
      const body = Buffer.from(await served.arrayBuffer());
      const dynamic = await get(blog, path, {}, { now });
      const expected = typeof dynamic.body === "string" ? Buffer.from(dynamic.body) : dynamic.body;
      if (served.status !== 200) problems.push(`${path}: ${served.status}`);
      else if (!body.equals(expected)) problems.push(`${path}: other bytes`);
      else if (served.headers.get("content-type") !== dynamic.headers["Content-Type"]) {
        problems.push(`${path}: ${served.headers.get("content-type")} instead of ${dynamic.headers["Content-Type"]}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("answers an entry's URL without its extension as the dynamic blog does (nginx; lighttpd has no such rule)", async () => {
    const path = "/tech/git-worktrees";
    const served = await fetch(`${origin}/blog${path}`);
    if (server === "lighttpd") return expect(served.status).toBe(404);
    const dynamic = await get(blog, path, {}, { now: renderedAt(out) });
    expect(served.status).toBe(200);
    expect(await served.text()).toBe(dynamic.text);
  });

  it("sends /blog to /blog/, and does not serve the render's manifest or pages that do not exist", async () => {
    const redirect = await fetch(`${origin}/blog`, { redirect: "manual" });
    expect(redirect.status).toBe(301);
    expect(new URL(redirect.headers.get("location")!, origin).pathname).toBe("/blog/");
    expect((await fetch(`${origin}/blog/.blossom-render.json`)).status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${origin}/blog/no-such-page/`)).status).toBe(404);
  });
});

describe("plugins/static/README.md", () => {
  const readme = readFileSync(join(REPO, "plugins", "static", "README.md"), "utf8");
  it.each(["nginx.conf", "lighttpd.conf"])("shows servers/%s exactly as the test above serves with it", (file) => {
    const marker = `<!-- servers/${file} -->\n`;
    const at = readme.indexOf(marker);
    expect(at).toBeGreaterThan(-1);
    const block = /^```\w*\n([\s\S]*?)^```$/m.exec(readme.slice(at + marker.length));
    expect(block?.[1]).toBe(readFileSync(join(SERVERS, file), "utf8"));
  });
});
