import { AsyncSeriesBailHook } from "tapable";
import type { BlogApi } from "../../core";
import { createBlog } from "../../core/blog";
import { defaultConfig } from "../../core/config/load";
import { createLogger } from "../../core/logger";
import { makeTempDir, removeDir } from "../helpers/temp-blog";

// The pattern core/HOOKS.md documents for a plugin that offers hooks to others.
interface GreetingHooks {
  readonly decorate: AsyncSeriesBailHook<[string], string | void>;
}
const byBlog = new WeakMap<object, GreetingHooks>();
function greetingHooks(blog: BlogApi): GreetingHooks {
  let hooks = byBlog.get(blog.hooks);
  if (!hooks) {
    hooks = Object.freeze({ decorate: new AsyncSeriesBailHook<[string], string | void>(["name"], "decorate") });
    byBlog.set(blog.hooks, hooks);
  }
  return hooks;
}

describe("hooks a plugin declares for other plugins", () => {
  it("are shared by the plugins of one blog and separate between blogs", async () => {
    const dir = makeTempDir({ "entries/a.txt": "A\nb\n" });
    const seen: string[] = [];
    const owner = {
      name: "greeter",
      apply(blog: BlogApi) {
        blog.hooks.prepare.tapPromise("greeter", async () => {
          seen.push((await greetingHooks(blog).decorate.promise("world")) ?? "world");
        });
      },
    };
    const decorator = {
      name: "shouter",
      apply(blog: BlogApi) {
        greetingHooks(blog).decorate.tap("shouter", (name) => name.toUpperCase());
      },
    };
    try {
      const config = { ...defaultConfig(dir) };
      const plain = await createBlog(config, [{ definition: owner, options: undefined }], createLogger("error"));
      const loud = await createBlog(config, [{ definition: owner, options: undefined }, { definition: decorator, options: undefined }], createLogger("error"));
      await plain.hooks.prepare.promise({} as never);
      await loud.hooks.prepare.promise({} as never);
      expect(seen).toEqual(["world", "WORLD"]);
    } finally {
      removeDir(dir);
    }
  });
});
