import { definePlugin, STAGE, type RequestContext, type TemplateArgs } from "../../core";
import { breakPattern, removeBreaks, splitAtBreak } from "./summary";

const NAME = "readmore";

/**
 * A break marker in an entry (`<!--more-->` by default) ends its summary. Listings (front page, categories,
 * dates, any other index a plugin adds) show the summary with a link to the entry; the entry's own page shows
 * the whole body without the marker. Feeds carry the full body unless `feeds: summary`.
 */
export default definePlugin({
  name: NAME,
  description: "Summaries up to a <!--more--> break on index pages, with a read-more link",
  options: (z) =>
    z.strictObject({
      break: z
        .string()
        .min(1)
        .default("<!--more-->")
        .meta({ description: "The marker that ends the summary. An HTML comment also matches with inner spaces (<!-- more -->)." }),
      link_text: z.string().min(1).default("Read more…").meta({ description: "Text of the ready-made link, readmore_link." }),
      feeds: z
        .enum(["full", "summary"])
        .default("full")
        .meta({ description: "What feed flavours carry: the full body, or the summary and readmore_url like index pages." }),
      feed_flavours: z
        .array(z.string().min(1))
        .default(["rss", "atom", "json"])
        .meta({ description: "Flavours that are feeds, for the feeds option." }),
      link_in_body: z
        .boolean()
        .default(false)
        .meta({ description: "Also append readmore_link to the summary body, for flavours whose story template does not use readmore_url." }),
    }),
  apply(blog, options) {
    const pattern = breakPattern(options.break);
    const feeds = new Set(options.feed_flavours);
    const wantsSummary = (ctx: RequestContext): boolean => {
      const pi = ctx.data.pathInfo;
      if (pi?.kind !== "index") return false;
      return options.feeds === "summary" || !feeds.has(ctx.data.flavour ?? blog.config.default_flavour);
    };

    // EARLY, so plugins that append to the body (share links, footnotes) append to the summary, not before the cut.
    blog.hooks.story.tap({ name: NAME, stage: STAGE.EARLY }, (args, ctx): TemplateArgs => {
      const body = args.vars.body;
      if (!args.entry || typeof body !== "string") return args;
      if (!wantsSummary(ctx)) {
        const full = removeBreaks(body, pattern);
        return full === body ? args : { ...args, vars: { ...args.vars, body: full } };
      }
      const split = splitAtBreak(body, pattern);
      if (!split) return args;
      const url = blog.urls.absolute(blog.urls.entryPath(args.entry.id));
      const link = `<a class="readmore" href="${escapeHtml(url)}">${escapeHtml(options.link_text)}</a>`;
      const summary = options.link_in_body ? `${split.summary}<p class="readmore">${link}</p>\n` : split.summary;
      return { ...args, vars: { ...args.vars, body: summary, readmore_url: url, readmore_link: link } };
    });
  },
});

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
