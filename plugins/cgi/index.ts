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
    }),
  apply(blog, options) {
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
            { maxBodyBytes: options.max_body_bytes, sweepAfterMs: options.sweep_after_ms, bodyTimeoutMs: BODY_TIMEOUT_MS },
          );
        },
      },
    }));
  },
});
