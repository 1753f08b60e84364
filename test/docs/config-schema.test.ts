import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configJsonSchema } from "../../core/config/json-schema";
import { REPO } from "../helpers/temp-blog";

describe("core/config/config.schema.json", () => {
  it("is what the zod schema generates (run `npm run gen:schema` when this fails)", () => {
    expect(readFileSync(join(REPO, "core", "config", "config.schema.json"), "utf8")).toBe(configJsonSchema());
  });

  it("is referenced from the sample blog's config.yaml for editors", () => {
    expect(readFileSync(join(REPO, "sample-blog", "config.yaml"), "utf8")).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/core\/config\/config\.schema\.json/,
    );
  });
});
