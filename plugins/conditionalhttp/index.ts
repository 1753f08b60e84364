import { definePlugin, quickHash, STAGE, type BlogResponse } from "../../core";
import { LastModifiedClock } from "./last-modified";
import { answerConditionally, headerName } from "../../core/http-semantics";

const NAME = "conditionalhttp";

/**
 * Conditional GET. Every 200 answer to GET or HEAD (pages, feeds, static files, anything a plugin serves) gets a
 * strong ETag hashed from the body it sends, so it changes exactly when the bytes do, whatever changed them
 * (an entry, a template, config.yaml, a plugin), plus Last-Modified and Cache-Control. A request whose
 * If-None-Match (or, without one, If-Modified-Since) still matches gets 304 with no body. It runs in the `end`
 * hook, after the page is rendered and before `logrequest`, so the log shows the 304.
 */
export default definePlugin({
  name: NAME,
  description: "ETag, Last-Modified and Cache-Control on every page; 304 Not Modified for conditional requests",
  options: (z) =>
    z.strictObject({
      cache_control: z
        .string()
        .default("no-cache")
        .meta({ description: 'Cache-Control of every 200 and 304 (e.g. "public, max-age=300"); "" sends none.' }),
      last_modified: z
        .enum(["blog", "shown"])
        .default("blog")
        .meta({
          description:
            "blog: the newest change anywhere in the entries folder (never too early); shown: the newest entry on the page (PyBlosxom's choice).",
        }),
    }),
  apply(blog, options) {
    const clock = new LastModifiedClock(blog, options.last_modified);
    blog.hooks.end.tap({ name: NAME, stage: STAGE.LATE }, (ctx, response) => {
      // HEAD reaches the pipeline as GET; the core strips the body afterwards, keeping these headers.
      if (ctx.isStatic || ctx.request.method !== "GET" || response.status !== 200) return;
      const headers = response.headers;
      headers[headerName(headers, "ETag")] ??= strongEtag(response.body);
      headers[headerName(headers, "Last-Modified")] ??= new Date(clock.of(ctx)).toUTCString();
      if (options.cache_control) headers[headerName(headers, "Cache-Control")] ??= options.cache_control;
      answerConditionally(ctx.request.headers, response);
    });
  },
});

/**
 * A strong validator: the same bytes always give the same tag, different bytes (practically) never. A 64-bit
 * quick hash, not SHA-256: versions of one page never collide in practice, and node:crypto would cost every
 * CGI request more than the whole hash.
 */
function strongEtag(body: string | Buffer): string {
  return `"${quickHash(body)}"`;
}
