// The `blossom render` command line: options, config.yaml defaults, refusals, and how failures are reported.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { blossom } from "../helpers/cli";
import { makeTempDir, removeDir, writeFiles } from "../helpers/temp-blog";
import { entryText } from "../plugins/feature-blog";
import { outputFiles, render } from "./helpers";

const CONFIG = "title: Flags\nbase_url: http://example.com/\ntimezone: UTC\n";
const ENTRIES = {
  "entries/a/one.txt": entryText({ title: "One", date: "2024-01-15" }),
  "entries/b/two.txt": entryText({ title: "Two", date: "2024-02-01" }),
  "entries/three.txt": entryText({ title: "Three", date: "2024-02-02" }),
  "entries/later.txt": entryText({ title: "Later", date: "2027-01-01" }),
};

describe("blossom render: the command line", () => {
  let dir: string;
  let config: string;
  beforeAll(() => {
    dir = makeTempDir({ "config.yaml": CONFIG, ...ENTRIES });
    config = join(dir, "config.yaml");
  });
  afterAll(() => removeDir(dir));

  it("is listed by blossom --help, with its usage under render --help", () => {
    expect(blossom(["--help", "--config", config]).stdout).toMatch(/^ {2}render +Render the blog to static files/m);
    const usage = blossom(["render", "--help", "--config", config]);
    expect(usage.status).toBe(0);
    expect(usage.stdout).toContain("blossom render [--config FILE] [--out DIR] [--incremental] [--flavours html,rss,atom]");
  });

  it.each([
    [["--nope"], /BLOSSOM_ERR_CLI_USAGE: unknown option --nope/],
    [["--flavours", "html,nosuch"], /BLOSSOM_ERR_CLI_USAGE: no flavour "nosuch" to render; this blog has: atom, html, rss/],
    [["--entry-flavours", "error"], /no flavour "error" to render/],
    [["--jobs", "0"], /--jobs must be auto or a number from 1 to 64, got "0"/],
    [["--out"], /--out needs a value/],
  ])("refuses %j with a usage error (exit 2)", (args, message) => {
    const result = render(config, args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each([["entries"], ["."], [".."], ["static/public"]])("refuses an output folder that overlaps the blog (--out %s)", (where) => {
    const result = blossom(["render", "--config", config, "--out", where], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/BLOSSOM_ERR_STATIC_OUTPUT .*overlaps/);
  });

  it("refuses a SOURCE_DATE_EPOCH that is not whole seconds", () => {
    const result = render(config, [], { SOURCE_DATE_EPOCH: "yesterday" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("SOURCE_DATE_EPOCH must be whole seconds");
  });

  it("takes its defaults from the static plugin's options in config.yaml", () => {
    writeFileSync(config, `${CONFIG}plugins:\n  - static: {out: site, flavours: [html, rss], entry_flavours: [html, atom], date_archives: [month], category_archives: true}\n`);
    const result = render(config);
    expect(result.status).toBe(0);
    const files = outputFiles(join(dir, "site"));
    expect(files).toEqual(expect.arrayContaining(["index.html", "index.rss", "a/one.html", "a/one.atom", "2024/01/index.rss", "a/2024/01/index.html"]));
    expect(files.filter((f) => /index\.atom$|^2024\/index|\/15\//.test(f))).toEqual([]);
    // Command-line options win over config.yaml.
    expect(render(config, ["--out", join(dir, "other"), "--flavours", "atom"]).status).toBe(0);
    expect(outputFiles(join(dir, "other"))).toContain("index.atom");
    expect(outputFiles(join(dir, "other"))).not.toContain("index.html");
  });

  it("names a misspelt option of the static plugin at its line in config.yaml", () => {
    writeFileSync(config, `${CONFIG}plugins:\n  - static: {outt: site}\n`);
    const result = render(config);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/BLOSSOM_ERR_PLUGIN_OPTIONS .*config\.yaml:5:\d+ .*outt: unknown key \(did you mean "out"\?\)/);
    writeFileSync(config, CONFIG);
  });

  it("tells blossom check where renders go, and fails it for an output folder that overlaps the blog", () => {
    writeFileSync(config, `${CONFIG}plugins:\n  - static: {out: entries/public}\n`);
    const bad = blossom(["check", "--config", config]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/FAIL static: the output folder .*entries\/public overlaps/);
    writeFileSync(config, CONFIG);
    const good = blossom(["check", "--config", config]);
    expect(good.stdout).toMatch(/ok {3}static: blossom render writes to .*\/public \(not rendered there yet\)/);
  });

  it("renders an entry dated in the future once the render's moment has reached it", () => {
    const out = join(dir, "timed");
    expect(render(config, ["--out", out]).status).toBe(0);
    expect(existsSync(join(out, "later.html"))).toBe(false);
    const later = render(config, ["--out", out, "--incremental", "--verbose"], { SOURCE_DATE_EPOCH: String(Date.UTC(2027, 0, 2) / 1000) });
    expect(later.status).toBe(0);
    expect(later.stdout).toContain("written /later.html\n");
    expect(later.stdout).toContain("written /2027/01/01/\n");
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("Later");
  });
});

describe("blossom render: an entry that fails", () => {
  let dir: string;
  let config: string;
  const EXPLODE = `module.exports = {
  name: "explode",
  apply(blog) {
    blog.hooks.postformat.tap("explode", (args) => {
      if (args.body.includes("EXPLODE")) throw new Error("this body cannot be formatted");
    });
  },
};
`;
  beforeAll(() => {
    dir = makeTempDir({
      "config.yaml": `${CONFIG}plugins:\n  - markdown\n  - ./explode.js\n`,
      "explode.js": EXPLODE,
      ...ENTRIES,
      "entries/a/bad.txt": entryText({ title: "Bad", date: "2024-01-20", body: "<p>EXPLODE</p>" }),
      "entries/b/broken.md": "---\ntitle: [unclosed\n---\nBody\n",
    });
    config = join(dir, "config.yaml");
  });
  afterAll(() => removeDir(dir));

  it.each([["1"], ["2"]])("is named with its file and reason, once, and does not stop the render (--jobs %s)", (jobs) => {
    const out = join(dir, `out-${jobs}`);
    const result = render(config, ["--out", out, "--jobs", jobs]);
    expect(result.status).toBe(1);
    const fails = result.stderr.split("\n").filter((l) => l.startsWith("FAIL "));
    expect(fails).toEqual([
      expect.stringMatching(/^FAIL entries\/b\/broken\.md: BLOSSOM_ERR_ENTRY_PARSE b\/broken\.md: Flow sequence .* at line 1, column 17:$/),
      expect.stringMatching(/^FAIL entries\/a\/bad\.txt: .*explode.*this body cannot be formatted/),
    ]);
    expect(result.stderr).toMatch(/blossom: BLOSSOM_ERR_STATIC_RENDER: 2 failures \(the FAIL lines above\); every other page was written\n$/);
    expect(result.stdout).toMatch(/, 2 failed/);
    expect(existsSync(join(out, "a/one.html"))).toBe(true);
    expect(existsSync(join(out, "a/bad.html"))).toBe(false);
    expect(readFileSync(join(out, "a/index.html"), "utf8")).toContain("One");
  });

  it("is tried again by the next incremental run, and its pages appear once it is fixed", () => {
    const out = join(dir, "out-1");
    const again = render(config, ["--out", out, "--incremental", "--jobs", "1"]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("FAIL entries/a/bad.txt");
    writeFiles(dir, {
      "entries/a/bad.txt": entryText({ title: "Bad no more", date: "2024-01-20" }),
      "entries/b/broken.md": "---\ntitle: Mended\ndate: 2024-02-03\n---\nBody\n",
    });
    const fixed = render(config, ["--out", out, "--incremental", "--jobs", "1"]);
    expect(fixed.stderr).toBe("");
    expect(fixed.status).toBe(0);
    expect(existsSync(join(out, "a/bad.html"))).toBe(true);
    expect(existsSync(join(out, "b/broken.html"))).toBe(true);
    expect(readFileSync(join(out, "a/index.html"), "utf8")).toContain("Bad no more");
  });
});
