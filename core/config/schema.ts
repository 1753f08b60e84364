import { z } from "zod";

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A plugin list item: a name, or a one-key map `name: {options}`. */
const PluginItem = z.union([
  z.string().min(1),
  z
    .record(z.string().min(1), z.unknown())
    .refine((item) => Object.keys(item).length === 1, {
      error: "a plugin with options is a map with exactly one key: `- name: {options}`",
    }),
]);

/**
 * The schema of config.yaml. Every object is strict, so a misspelt key is an error rather than silently ignored.
 * `npm run gen:schema` turns it into `config.schema.json` for editors; a test fails when that file is stale.
 */
export const ConfigSchema = z
  .strictObject({
    title: z.string().default("My Blossom blog").meta({ description: "The blog's title (blog_title in templates)." }),
    description: z.string().default("").meta({ description: "One-line description, shown under the title and in feeds." }),
    author: z.string().default("").meta({ description: "The author's name, used in feeds." }),
    email: z.string().default("").meta({ description: "The author's e-mail address, used in feeds (optional)." }),
    language: z.string().default("en").meta({ description: "BCP 47 language tag of the blog, e.g. en or en-GB." }),
    base_url: z
      .url({ protocol: /^https?$/, error: "an absolute http(s) URL such as https://example.com/blog/" })
      .default("http://127.0.0.1:8080/")
      .meta({ description: "Absolute URL of the blog. Its path is the mount point (e.g. /blog); feeds use it for links." }),
    datadir: z.string().min(1).default("entries").meta({ description: "Folder of entries, relative to config.yaml." }),
    flavourdir: z.string().min(1).default("flavours").meta({ description: "Folder of flavour overrides, relative to config.yaml." }),
    static_dir: z.string().min(1).default("static").meta({ description: "Folder served at <mount>/static/, relative to config.yaml." }),
    num_entries: z.int().min(0).default(10).meta({ description: "Entries on the front page and category pages; 0 shows all." }),
    default_flavour: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/i, { error: "a flavour name: letters, digits, - and _" })
      .default("html")
      .meta({ description: "Flavour used when the URL names none." }),
    timezone: z
      .string()
      .refine(isTimeZone, { error: "an IANA time zone name such as UTC or Europe/Paris" })
      .default("UTC")
      .meta({ description: "Time zone for dates in URLs and pages, and for #date values without an offset." }),
    ignore_directories: z
      .array(z.string().min(1))
      .default([])
      .meta({ description: "Folder names (not paths) under datadir that hold no entries, e.g. [drafts, attic]." }),
    show_future_entries: z.boolean().default(false).meta({ description: "Show entries dated in the future." }),
    request_timeout: z
      .int()
      .positive()
      .default(10_000)
      .meta({ description: "Milliseconds a plugin's hook may take before the request fails with 503." }),
    log_level: z.enum(["debug", "info", "warn", "error"]).default("info").meta({ description: "Least severe log level written to stderr." }),
    plugins: z
      .array(PluginItem)
      .default([])
      .meta({ description: "Plugins in load order: a built-in name, an npm package, or a ./relative/path.js; `- name: {options}` to configure." }),
  })
  .meta({ title: "Blossom config.yaml", description: "Configuration of a Blossom blog." });

export type ConfigInput = z.input<typeof ConfigSchema>;
export type ConfigOutput = z.output<typeof ConfigSchema>;
