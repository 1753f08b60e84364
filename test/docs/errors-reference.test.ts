import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ERROR_CODES } from "../../core/errors";
import { REPO } from "../helpers/temp-blog";

const doc = readFileSync(join(REPO, "core", "ERRORS.md"), "utf8");
const documented = [...doc.matchAll(/^### (BLOSSOM_[A-Z_]+)\n(.*)$/gm)].map((m) => ({ code: m[1]!, line: m[2]! }));

describe("core/ERRORS.md", () => {
  it("documents every code in core/errors.ts, and no other", () => {
    expect(documented.map((d) => d.code).sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it.each(documented)("$code states the status and exit code the code uses", ({ code, line }) => {
    const { status, exitCode } = ERROR_CODES[code as keyof typeof ERROR_CODES];
    expect(line).toMatch(new RegExp(`^Status ${status} · exit ${exitCode}\\. `));
  });

  it("tells how to fix each error", () => {
    const sections = doc.split(/^### /m).slice(1);
    for (const section of sections) expect(section).toMatch(/\*\*Fix:\*\*/);
  });
});
