import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "../helpers/temp-blog";
import { SETUPS } from "../servers/harness.cjs";

/**
 * The deployment configs in the transport READMEs are the files the web-server tests run (plugins/*\/deploy/),
 * character for character: a reader copies what was tested.
 */
describe.each(["scgi", "cgi"])("plugins/%s/README.md", (plugin) => {
  const readme = readFileSync(join(REPO, "plugins", plugin, "README.md"), "utf8");
  const files = readdirSync(join(REPO, "plugins", plugin, "deploy"));

  it.each(files)("shows deploy/%s exactly as the tests use it", (file) => {
    const marker = `<!-- deploy/${file} -->\n`;
    const at = readme.indexOf(marker);
    expect(at).toBeGreaterThan(-1);
    const block = /^```\w*\n([\s\S]*?)^```$/m.exec(readme.slice(at + marker.length));
    expect(block?.[1]).toBe(readFileSync(join(REPO, "plugins", plugin, "deploy", file), "utf8"));
  });

  it("has every web-server config tested by test/servers/", () => {
    const tested = Object.values(SETUPS).filter((s) => !s.benchOnly && s.snippet.startsWith(`plugins/${plugin}/`)).map((s) => s.snippet.split("/").at(-1));
    expect(tested.length).toBeGreaterThan(0);
    for (const file of files.filter((f) => f.endsWith(".conf"))) expect(tested).toContain(file);
  });
});
