import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { REPO } from "../helpers/temp-blog";

/** Every Markdown file we ship, outside node_modules and build output. */
function markdownFiles(dir = REPO): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (["node_modules", "dist", ".git", ".blossom"].includes(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? markdownFiles(path) : name.endsWith(".md") ? [path] : [];
  });
}

describe("documentation links", () => {
  const files = markdownFiles();
  it("finds the docs", () => {
    expect(files.map((f) => relative(REPO, f))).toEqual(expect.arrayContaining(["README.md", "CONTRIBUTING.md", "core/HOOKS.md", "core/ERRORS.md"]));
  });

  it.each(files.map((f) => [relative(REPO, f), f]))("%s links only to files that exist", (_name, file) => {
    const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^(https?:|mailto:|#)/.test(t));
    const missing = targets.filter((t) => !existsSync(join(dirname(file), t.split("#")[0]!)));
    expect(missing).toEqual([]);
  });
});
