// Compile-time checks of the public plugin API: `npm test` type-checks this file (tsc), and jest runs it.
import { definePlugin, STAGE, type BlogApi, type PathInfo } from "../../core";
import { createHooks } from "../../core/hooks";

const plugin = definePlugin({
  name: "typed",
  options: (z) => z.strictObject({ words: z.int().default(200), label: z.string().optional() }),
  apply(blog, options) {
    const words: number = options.words; // inferred from the schema
    const label: string | undefined = options.label;
    // @ts-expect-error an option the schema does not have
    void options.nope;
    blog.hooks.story.tap({ name: "typed", stage: STAGE.ENRICH }, (args) => ({ ...args, vars: { ...args.vars, words, label } }));
    // @ts-expect-error a bail hook passes with undefined; `false` would stop the chain, so it does not compile
    blog.hooks.pathinfo.tap("typed", () => false);
    blog.hooks.pathinfo.tap("typed", (): PathInfo | undefined => undefined);
  },
});

describe("the plugin API's types", () => {
  it("keeps the definition as written (definePlugin is an identity function)", () => {
    const hooks = createHooks();
    plugin.apply({ hooks } as unknown as BlogApi, { words: 3 });
    expect(plugin.name).toBe("typed");
    expect(hooks.story.taps.map((t) => [t.name, t.stage])).toEqual([["typed", STAGE.ENRICH]]);
    expect(hooks.pathinfo.taps).toHaveLength(2);
  });
});
