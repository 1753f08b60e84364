import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { blossom } from "../helpers/cli";
import { startServe } from "../helpers/serve";
import { makeTempDir, removeDir, REPO } from "../helpers/temp-blog";

describe("the blossom command", () => {
  it("lists every command, including those plugins add, in --help", () => {
    const help = blossom(["--help", "--config", join(REPO, "sample-blog", "config.yaml")]);
    expect(help.status).toBe(0);
    for (const command of ["init", "check", "serve", "help"]) expect(help.stdout).toMatch(new RegExp(`^  ${command} +\\S`, "m"));
  });

  it("lists the transports' commands even outside a blog", () => {
    const dir = makeTempDir();
    try {
      const help = blossom(["help"], { cwd: dir });
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/^  serve +Serve the blog over HTTP/m);
    } finally {
      removeDir(dir);
    }
  });

  it("shows a command's usage", () => {
    const usage = blossom(["serve", "--help", "--config", join(REPO, "sample-blog", "config.yaml")]);
    expect(usage.stdout).toContain("Usage: blossom serve [--config FILE] [--host 127.0.0.1] [--port 8080]");
  });

  it("prints its version", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    expect(blossom(["--version"]).stdout.trim()).toBe(pkg.version);
  });

  it("rejects unknown commands and options with a usage error, exit 2", () => {
    const config = join(REPO, "sample-blog", "config.yaml");
    for (const args of [["frobnicate"], ["serve", "--prot", "80"], ["serve", "--port", "eighty"], ["serve", "--port"]]) {
      const result = blossom([...args, "--config", config]);
      expect([args.join(" "), result.status]).toEqual([args.join(" "), 2]);
      expect(result.stderr).toMatch(/^blossom: BLOSSOM_ERR_CLI_USAGE: /);
    }
  });

  it("reports a port in use with a coded error", async () => {
    const server = await startServe(join(REPO, "sample-blog", "config.yaml"));
    try {
      const port = new URL(server.origin).port;
      const second = blossom(["serve", "--port", port, "--config", join(REPO, "sample-blog", "config.yaml")]);
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(/BLOSSOM_ERR_LISTEN: cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/);
    } finally {
      await server.stop();
    }
  });

  it("init creates a blog that serve runs at once, and refuses a folder that is not empty", async () => {
    const parent = makeTempDir();
    const dir = join(parent, "myblog");
    try {
      const init = blossom(["init", dir]);
      expect(init.status).toBe(0);
      expect(existsSync(join(dir, "config.yaml"))).toBe(true);
      expect(blossom(["check", "--config", join(dir, "config.yaml")]).status).toBe(0);
      const server = await startServe(join(dir, "config.yaml"));
      try {
        const front = await (await fetch(`${server.origin}/`)).text();
        expect(front).toContain("Hello, world");
        expect(front).toContain("Writing in Markdown");
        expect((await fetch(`${server.origin}/static/blossom.css`)).status).toBe(200);
      } finally {
        await server.stop();
      }
      const again = blossom(["init", dir]);
      expect(again.status).toBe(2);
      expect(again.stderr).toContain("BLOSSOM_ERR_INIT_NOT_EMPTY");
    } finally {
      removeDir(parent);
    }
  });

  it("check fails when the entries folder is missing", () => {
    const dir = makeTempDir({ "config.yaml": "datadir: nowhere\n" });
    try {
      const result = blossom(["check", "--config", join(dir, "config.yaml")]);
      expect(result.status).not.toBe(0);
      expect(result.out).toMatch(/BLOSSOM_ERR_DATADIR_MISSING|FAIL blosxom: entries folder/);
    } finally {
      removeDir(dir);
    }
  });
});
