import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { REPO } from "../helpers/temp-blog";

/** Every Markdown file we ship: the ones git tracks (generated benchmark blogs are not docs). */
function markdownFiles(): string[] {
  return execFileSync("git", ["ls-files", "*.md"], { cwd: REPO, encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((file) => join(REPO, file));
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
