import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { blossom } from "../helpers/cli";
import { startServe } from "../helpers/serve";
import { makeTempDir, removeDir, REPO } from "../helpers/temp-blog";

/** The worked example's files, exactly as CONTRIBUTING.md shows them (```lang file=NAME blocks). */
const guide = readFileSync(join(REPO, "CONTRIBUTING.md"), "utf8");
const example = Object.fromEntries([...guide.matchAll(/```\w+ file=(\S+)\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!]));

/** A blog whose node_modules holds the example package (as CommonJS, or converted to an ES module). */
function blogWithPackage(format: "cjs" | "esm", config = example["config.yaml"]!): string {
  const dir = makeTempDir({
    "config.yaml": config,
    "entries/long-read.txt": `A long read\n<p>${"word ".repeat(900)}</p>\n`,
    "flavours/html/story.mustache": '<article><h3 class="entry-title">{{title}}</h3><span class="rt">{{reading_time}}</span></article>\n',
  });
  const pkg = join(dir, "node_modules", "blossom-plugin-reading-time");
  mkdirSync(pkg, { recursive: true });
  const manifest = JSON.parse(example["package.json"]!) as Record<string, unknown>;
  let code = example["index.js"]!;
  if (format === "esm") {
    manifest.type = "module";
    code = code.replace('const { definePlugin, STAGE } = require("blossom");', 'import { definePlugin, STAGE } from "blossom";').replace("module.exports =", "export default");
  }
  writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(join(pkg, "index.js"), code);
  // npm installs the `blossom` peer dependency beside the plugin; here it is this checkout.
  symlinkSync(REPO, join(dir, "node_modules", "blossom"), "dir");
  return dir;
}

describe("the worked example plugin from CONTRIBUTING.md, installed as a package", () => {
  it("has its files in the guide", () => {
    expect(Object.keys(example).sort()).toEqual(["config.yaml", "index.js", "package.json"]);
  });

  it.each(["cjs", "esm"] as const)("loads as %s by its short name, validates options and runs its hooks", async (format) => {
    const dir = blogWithPackage(format);
    try {
      const check = blossom(["check", "--config", join(dir, "config.yaml")]);
      expect(check.out).toContain("ok   reading-time: 180 words a minute");
      expect(check.status).toBe(0);

      const server = await startServe(join(dir, "config.yaml"));
      try {
        const html = await (await fetch(`${server.origin}/long-read.html`)).text();
        expect(html).toContain('<span class="rt">5 min read</span>');
      } finally {
        await server.stop();
      }
    } finally {
      removeDir(dir);
    }
  });

  it("reports a bad option of the package at its line in config.yaml", () => {
    const dir = blogWithPackage("cjs", "plugins:\n  - reading-time:\n      words_per_minute: -5\n");
    try {
      const result = blossom(["check", "--config", join(dir, "config.yaml")]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/BLOSSOM_ERR_PLUGIN_OPTIONS \[reading-time\]: .*config\.yaml:3:7 plugins\[0\]\.reading-time\.words_per_minute: Too small/);
    } finally {
      removeDir(dir);
    }
  });
});
