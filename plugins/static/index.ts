import { definePlugin } from "../../core";
import type { StaticOptions } from "./command";

const FLAVOUR = /^[a-z0-9][a-z0-9_-]*$/i;

const USAGE =
  "blossom render [--config FILE] [--out DIR] [--incremental] [--flavours html,rss,atom] [--entry-flavours html] [--drafts] [--jobs N|auto] [--verbose]";

/**
 * Static rendering: `blossom render` writes every page a reader can reach to files a plain web server serves
 * at the same URLs, each rendered by `blog.handle` exactly as the dynamic blog answers it. `--incremental`
 * renders only what changed since the last run and deletes pages that no longer exist. Always loaded; list
 * it in config.yaml only to change its options.
 */
export default definePlugin<StaticOptions>({
  name: "static",
  description: "Static rendering to files (blossom render), incremental, identical to the dynamic blog",
  options: (z) =>
    z.strictObject({
      out: z.string().min(1).default("public").meta({ description: "Output folder, relative to config.yaml (--out)." }),
      flavours: z
        .array(z.string().regex(FLAVOUR))
        .optional()
        .meta({ description: "Flavours of the front page, categories and date archives (--flavours). Default: every flavour but error." }),
      entry_flavours: z
        .array(z.string().regex(FLAVOUR))
        .optional()
        .meta({ description: "Flavours of entry pages (--entry-flavours). Default: default_flavour." }),
      date_archives: z
        .array(z.enum(["year", "month", "day"]))
        .default(["year", "month", "day"])
        .meta({ description: "Which date archives to write: /2024/, /2024/05/, /2024/05/17/." }),
      category_archives: z.boolean().default(false).meta({ description: "Also write date archives inside categories (/tech/2024/05/)." }),
      jobs: z
        .union([z.literal("auto"), z.int().min(1).max(64)])
        .default("auto")
        .meta({ description: "Threads that render: 1, a number of worker threads, or auto (one per core for big renders) (--jobs)." }),
    }),
  apply(blog, options) {
    blog.hooks.verifyInstallation.tap("static", (report) => {
      const { describeOutput } = require("./command") as typeof import("./command");
      const { level, message } = describeOutput(blog, options);
      report[level](message);
    });
    blog.hooks.commandline.tap("static", (commands) => ({
      ...commands,
      render: {
        summary: "Render the blog to static files (--incremental: only what changed)",
        usage: USAGE,
        // Loaded only when the command runs: a CGI request, which loads every implicit plugin, never pays for it.
        run: (ctx) => (require("./command") as typeof import("./command")).runRenderCommand(ctx, options, USAGE),
      },
    }));
  },
});
