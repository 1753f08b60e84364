import { definePlugin } from "../../core";
import { checkOptions } from "../../core/cli-args";
import { writeFd } from "../../core/write-fd";

const USAGE = "blossom cgi [--config FILE]";

/** How long stdin may take to deliver a request body; web servers send it at once. */
const BODY_TIMEOUT_MS = 30_000;

/**
 * The CGI transport: `blossom cgi` answers one request from the CGI environment and stdin on stdout, for a web
 * server that runs it per request (sample-blog/blossom.cgi is such a script). The CLI boots it from a cached,
 * already validated config, and the entry index comes from the on-disk cache, so a request does not parse
 * the blog. Always loaded.
 */
export default definePlugin({
  name: "cgi",
  description: "CGI transport (blossom cgi, one request per process)",
  options: (z) =>
    z.strictObject({
      max_body_bytes: z.int().positive().default(1_048_576).meta({ description: "Largest request body accepted (413 above)." }),
      sweep_after_ms: z
        .int()
        .min(0)
        .default(60_000)
        .meta({
          description:
            "A request stats every entry file (to see in-place edits) when the last such check is older than this; added, removed and renamed entries are seen at once.",
        }),
      page_cache: z.boolean().default(true).meta({
        description:
          "Keep answered pages and answer a request for one that nothing has changed since before Blossom loads (see plugins/cgi/README.md).",
      }),
      page_cache_max_pages: z.int().positive().default(1000).meta({ description: "How many pages the page cache keeps; the oldest go first." }),
    }),
  apply(blog, options) {
    blog.hooks.verifyInstallation.tap("cgi", (report) => {
      if (!options.page_cache) return report.ok("CGI page cache: off (page_cache: false)");
      const { requestLoggers } = require("./page-recorder") as typeof import("./page-recorder");
      const loggers = requestLoggers(blog);
      if (loggers.length > 0) report.warn(`CGI page cache: keeps no pages, because ${loggers.join(", ")} tap logrequest (they expect every request)`);
      else report.ok(`CGI page cache: on, up to ${options.page_cache_max_pages} pages`);
    });
    blog.hooks.commandline.tap("cgi", (commands) => ({
      ...commands,
      cgi: {
        summary: "Answer one CGI request (a web server runs this; see sample-blog/blossom.cgi)",
        usage: USAGE,
        run: async (ctx) => {
          checkOptions(ctx.args, [], USAGE);
          const { runCgi } = require("./run-cgi") as typeof import("./run-cgi");
          return runCgi(
            ctx,
            { env: process.env, stdin: () => process.stdin, write: (bytes) => writeFd(1, bytes) },
            {
              maxBodyBytes: options.max_body_bytes,
              sweepAfterMs: options.sweep_after_ms,
              bodyTimeoutMs: BODY_TIMEOUT_MS,
              pageCacheMaxPages: options.page_cache ? options.page_cache_max_pages : 0,
            },
          );
        },
      },
    }));
  },
});
