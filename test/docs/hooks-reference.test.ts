import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createHooks } from "../../core/hooks";
import { REPO } from "../helpers/temp-blog";

const doc = readFileSync(join(REPO, "core", "HOOKS.md"), "utf8");
const hooks = createHooks();

/** Each `### \`name\`` section and the class its table states. */
const sections = [...doc.matchAll(/^### `(\w+)`\n[\s\S]*?^\| Class \| `(\w+)</gm)].map((m) => ({ name: m[1]!, className: m[2]! }));
const summary = [...doc.matchAll(/^\| \[`(\w+)`\]\(#\w+\) \| `(\w+)</gm)].map((m) => ({ name: m[1]!, className: m[2]! }));

describe("core/HOOKS.md", () => {
  it("has a section for every hook createHooks() builds, and no other", () => {
    expect(sections.map((s) => s.name).sort()).toEqual(Object.keys(hooks).sort());
  });

  it("lists every hook in the summary table", () => {
    expect(summary.map((s) => s.name).sort()).toEqual(Object.keys(hooks).sort());
  });

  it.each(Object.entries(hooks))("%s: the documented tapable class is the real one", (name, hook) => {
    const real = hook.constructor.name;
    expect(sections.find((s) => s.name === name)?.className).toBe(real);
    expect(summary.find((s) => s.name === name)?.className).toBe(real);
  });

  it("the hooks object is frozen, so plugins cannot replace a hook", () => {
    expect(Object.isFrozen(hooks)).toBe(true);
  });
});
