import { join } from "node:path";
import { blossom } from "../helpers/cli";
import { makeTempDir, removeDir } from "../helpers/temp-blog";

/** Runs `blossom check` on a blog whose config.yaml is `config`, and returns the CLI's answer. */
function check(config: string, files: Record<string, string> = {}) {
  const dir = makeTempDir({ "config.yaml": config, "entries/a.txt": "A\nbody\n", ...files });
  try {
    const result = blossom(["check", "--config", join(dir, "config.yaml")]);
    return { status: result.status, stderr: result.stderr.replaceAll(dir, "<blog>"), stdout: result.stdout };
  } finally {
    removeDir(dir);
  }
}

/** Every config error: exit 2, one coded message with file:line:col, no stack trace. */
function expectConfigError(result: ReturnType<typeof check>, code: string, where: RegExp): void {
  expect(result.status).toBe(2);
  expect(result.stderr).toContain(code);
  expect(result.stderr).toMatch(where);
  expect(result.stderr).not.toMatch(/\n\s+at |node:internal|\.ts:\d+/);
}

describe("config.yaml errors (through the CLI)", () => {
  it("names an unknown key with its line and column and suggests the right one", () => {
    const result = check("title: x\ntimezon: UTC\n");
    expectConfigError(result, "BLOSSOM_ERR_CONFIG_INVALID", /<blog>\/config\.yaml:2:1 timezon: unknown key \(did you mean "timezone"\?\)/);
  });

  it("names a bad value with the key and what is expected", () => {
    const result = check("title: x\nnum_entries: ten\n");
    expectConfigError(result, "BLOSSOM_ERR_CONFIG_INVALID", /config\.yaml:2:1 num_entries: .*expected number/);
  });

  it("checks URLs and time zones", () => {
    expectConfigError(check("base_url: /blog\n"), "BLOSSOM_ERR_CONFIG_INVALID", /config\.yaml:1:1 base_url: an absolute http\(s\) URL/);
    expectConfigError(check("timezone: Mars/Olympus\n"), "BLOSSOM_ERR_CONFIG_INVALID", /config\.yaml:1:1 timezone: an IANA time zone/);
  });

  it("reports YAML syntax errors with their position", () => {
    expectConfigError(check("title: x\n  bad: [\n"), "BLOSSOM_ERR_CONFIG_SYNTAX", /config\.yaml:\d+:\d+ /);
  });

  it("reports an unknown plugin at its line in the list", () => {
    const result = check("title: x\nplugins:\n  - markdown\n  - no-such-thing\n");
    expectConfigError(result, "BLOSSOM_ERR_PLUGIN_NOT_FOUND", /config\.yaml:4:5 plugins\[1\]: no plugin "no-such-thing"/);
  });

  it("reports a bad plugin option with its path", () => {
    const result = check("plugins:\n  - markdown:\n      extensions: md\n");
    expectConfigError(result, "BLOSSOM_ERR_PLUGIN_OPTIONS", /config\.yaml:3:7 plugins\[0\]\.markdown\.extensions: .*expected array/);
    const typo = check("plugins:\n  - markdown:\n      linkfy: true\n");
    expectConfigError(typo, "BLOSSOM_ERR_PLUGIN_OPTIONS", /config\.yaml:3:7 plugins\[0\]\.markdown\.linkfy: unknown key \(did you mean "linkify"\?\)/);
  });

  it("reports duplicate plugins, missing dependencies, modules that fail to load or are not plugins", () => {
    expectConfigError(check("plugins:\n  - markdown\n  - markdown\n"), "BLOSSOM_ERR_PLUGIN_DUPLICATE", /config\.yaml:3:5 /);
    expectConfigError(
      check("plugins:\n  - ./needy.js\n", { "needy.js": 'module.exports = { name: "needy", requires: ["tags-x"], apply() {} };' }),
      "BLOSSOM_ERR_PLUGIN_MISSING_DEPENDENCY",
      /config\.yaml:2:5 .*requires "tags-x"/,
    );
    expectConfigError(
      check("plugins:\n  - ./broken.js\n", { "broken.js": "module.exports = {;" }),
      "BLOSSOM_ERR_PLUGIN_LOAD",
      /config\.yaml:2:5 plugins\[0\]: plugin "\.\/broken\.js" .* failed to load/,
    );
    expectConfigError(
      check("plugins:\n  - ./nothing.js\n", { "nothing.js": "module.exports = 42;" }),
      "BLOSSOM_ERR_PLUGIN_INVALID",
      /config\.yaml:2:5 .*definePlugin/,
    );
    expectConfigError(check("plugins:\n  - blosxom: {x: 1}\n"), "BLOSSOM_ERR_PLUGIN_OPTIONS", /takes no options/);
  });

  it("finds config.yaml through BLOSSOM_CONFIG, then the current folder, and says how when it cannot", () => {
    const dir = makeTempDir({ "config.yaml": "title: Found me\n", "entries/a.txt": "A\nb\n" });
    try {
      expect(blossom(["check"], { env: { BLOSSOM_CONFIG: join(dir, "config.yaml") } }).stdout).toContain(`config ${dir}/config.yaml: ok`);
      expect(blossom(["check"], { cwd: dir }).status).toBe(0);
      const missing = blossom(["check"], { cwd: join(dir, "entries") });
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/BLOSSOM_ERR_CONFIG_NOT_FOUND.*config\.yaml.*blossom init/);
    } finally {
      removeDir(dir);
    }
  });
});
