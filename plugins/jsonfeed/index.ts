import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { definePlugin, STAGE, type RequestContext, type StaticUrl, type TemplateArgs } from "../../core";

const NAME = "jsonfeed";
const FLAVOUR = "json";

/**
 * JSON Feed 1.1 as a flavour: this plugin ships `flavours/json/` and registers the folder, so `/index.json`,
 * `/cat/index.json` and `/cat/entry.json` work like the rss and atom flavours (and the html head links it).
 * Mustache has no "last item", so the `story` tap numbers the stories (`story_first`, `story_index`) for the
 * template to put commas between items, and turns the entry's tags into a JSON array.
 */
export default definePlugin({
  name: NAME,
  description: "JSON Feed 1.1 as the json flavour (/index.json)",
  options: (z) =>
    z.strictObject({
      tags_field: z
        .string()
        .min(1)
        .default("tags")
        .meta({ description: "The metadata key whose comma-separated values become an item's tags (#tags a, b)." }),
    }),
  apply(blog, options) {
    blog.flavours.addDirectory(flavoursFolder());
    const rendered = new WeakMap<RequestContext, number>();

    // LATE: after plugins that change the body or drop a story, so the numbering counts what is really written.
    blog.hooks.story.tap({ name: NAME, stage: STAGE.LATE }, (args, ctx): TemplateArgs => {
      if (!args.entry || !args.template) return args;
      const index = rendered.get(ctx) ?? 0;
      rendered.set(ctx, index + 1);
      const tags = splitTags(args.entry.meta[options.tags_field]);
      return {
        ...args,
        vars: {
          ...args.vars,
          story_index: index,
          story_first: index === 0,
          jsonfeed_tags: tags.length ? JSON.stringify(tags) : "",
          jsonfeed_date_modified: w3cDatetime(Math.max(args.entry.date, args.entry.mtime)),
        },
      };
    });

    // `blossom render` writes a json feed wherever it writes an rss feed, so the html head's links resolve.
    blog.hooks.staticrenderFilelist.tap(NAME, (urls, info) => {
      if (info.flavours.includes(FLAVOUR)) return urls;
      const have = new Set(urls.map((u) => u.path));
      const added: StaticUrl[] = [];
      for (const url of urls) {
        if (!url.path.endsWith("/index.rss")) continue;
        const path = `${url.path.slice(0, -"rss".length)}${FLAVOUR}`;
        if (!have.has(path)) added.push({ ...url, path });
      }
      return added.length ? [...urls, ...added] : urls;
    });
  },
});

/** "a, b,,c " → ["a", "b", "c"], without repeats. */
function splitTags(value: string | undefined): string[] {
  if (!value) return [];
  return [...new Set(value.split(",").map((t) => t.trim()).filter(Boolean))];
}

function w3cDatetime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * The plugin's own `flavours/` folder: beside this file when it runs from source (or as a package laid out
 * that way), else found from the package root (the CLI bundle runs from dist/).
 */
function flavoursFolder(): string {
  const has = (dir: string): boolean => existsSync(join(dir, FLAVOUR, "head.mustache"));
  const beside = join(__dirname, "flavours");
  if (has(beside)) return beside;
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, "plugins", NAME, "flavours");
    if (has(candidate)) return candidate;
  }
  throw new Error(`cannot find the ${NAME} plugin's flavours folder near ${__dirname}`);
}
