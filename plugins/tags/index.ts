import { compareNames, definePlugin, type BlogApi, type EntryView } from "../../core";
import { sizePercent, tagCloud, type CloudTag } from "./cloud";
import { entryTagsHtml, markCurrent, tagCloudHtml } from "./html";
import { buildTagIndex, type TagInfo } from "./tag-index";
import { parseTags, tagKey } from "./tag-names";
import { readTagPath } from "./tag-request";

const NAME = "tags";

declare module "../../core" {
  interface RequestData {
    /** Set by the tags plugin on a tag page (`/tags/<tag>/`). */
    tag?: { readonly key: string; readonly name: string };
  }
}

/**
 * Tags from `#tags a, b` or front matter `tags: [a, b]`: `/tags/<tag>/` pages and feeds, tag links on each entry
 * (`tag_list`, `tags_html`) and a weighted tag cloud (`tagcloud`, `tagcloud_html`). Tags are read from the shared
 * entry index; the tag index is rebuilt only when the records visible to a request change.
 */
export default definePlugin({
  name: NAME,
  description: "Tag pages and feeds at /tags/<tag>/, tag links on entries, a tag cloud: {{{tags_html}}}, {{{tagcloud_html}}}",
  options: (z) =>
    z.strictObject({
      trigger: z
        .string()
        .regex(/^[^/.][^/]*$/, "one URL path segment, without '/'")
        .default("tags")
        .meta({ description: "The first path segment of tag pages: /tags/<tag>/" }),
      meta_key: z.string().min(1).default("tags").meta({ description: "The metadata key entries list their tags under" }),
      separator: z.string().min(1).default(",").meta({ description: "What separates tags in the metadata value" }),
      truncate: z
        .boolean()
        .default(true)
        .meta({ description: "Cut tag pages to num_entries, as category pages are (paginate splits them into pages instead)" }),
      cloud_sizes: z.int().min(1).max(20).default(5).meta({ description: "Number of size classes in the tag cloud (tag-size-1 … tag-size-N)" }),
      cloud_smallest: z.number().positive().default(100).meta({ description: "Font size of the smallest class, in percent" }),
      cloud_largest: z.number().positive().default(180).meta({ description: "Font size of the largest class, in percent" }),
      cloud_inline_style: z
        .boolean()
        .default(true)
        .meta({ description: "Size cloud links with a style attribute; false leaves it to the stylesheet's .tag-size-N rules" }),
      cloud_min_count: z.int().min(1).default(1).meta({ description: "Leave tags used by fewer entries out of the cloud" }),
      cloud_max_tags: z.int().min(0).default(0).meta({ description: "Show only this many of the most used tags in the cloud; 0 shows all" }),
    }),
  apply(blog, options) {
    const { hooks, urls, config } = blog;
    /** Path under the mount of a tag page ("/tags/node.js/", "/tags/node.js/index.rss"). */
    const tagPath = (key: string, flavour?: string): string => urls.indexPath(`${options.trigger}/${key}`, flavour);
    const tagLink = (key: string): string => urls.link(tagPath(key));
    const fontSize = (size: number): string | undefined =>
      options.cloud_inline_style ? `${sizePercent(size, options.cloud_sizes, options.cloud_smallest, options.cloud_largest)}%` : undefined;
    const compare = compareNames(config.language);
    // The index holds the records themselves, so it stays in memory; it is built only when a tag page is asked for.
    const tagIndex = (view: EntryView): ReadonlyMap<string, TagInfo> =>
      blog.derived.get(`${NAME}:index`, view, (records) => buildTagIndex(records, options.meta_key, options.separator));
    // The cloud is on every page, and kept on disk too: a CGI request reads it instead of reading every entry's tags.
    const tagCloudOf = (view: EntryView) =>
      blog.derived.get(
        `${NAME}:cloud`,
        view,
        () => {
          const counted = [...tagIndex(view).values()].map((t) => ({ key: t.key, name: t.name, count: t.records.length }));
          const sizes = { sizes: options.cloud_sizes, minCount: options.cloud_min_count, maxTags: options.cloud_max_tags };
          return cloudLists(tagCloud(counted, sizes, compare));
        },
        { persist: true },
      );
    const cloudLists = (cloud: readonly CloudTag[]) => {
      const items = cloud.map((t) => ({
        key: t.key,
        name: t.name,
        count: t.count,
        size: t.size,
        weight: Math.round(t.weight * 1000) / 1000,
        url: tagLink(t.key),
        current: false,
      }));
      return { items, html: tagCloudHtml(cloud, { url: (t) => tagLink(t.key), fontSize: (t) => fontSize(t.size) }) };
    };

    // Recognise /tags/<tag>/ at DEFAULT: after EARLY taps that rewrite the request (paginate strips /page/2/),
    // before the core's URL rules. An unknown tag passes on, so a category folder of that name still works.
    hooks.pathinfo.tap(NAME, (ctx) => {
      const wanted = readTagPath(ctx.request.path, options.trigger, (tag) => tagIndex(ctx).has(tagKey(tag)));
      const tag = wanted && tagIndex(ctx).get(tagKey(wanted.tag));
      if (!tag) return undefined;
      const flavour = wanted.flavour ?? ctx.request.query.flav ?? config.default_flavour;
      ctx.data.tag = { key: tag.key, name: tag.name };
      return { kind: "index", category: "", flavour, truncate: options.truncate, canonicalPath: tagPath(tag.key, flavour) };
    });

    hooks.filelist.tap(NAME, (ctx) => {
      const tag = ctx.data.tag;
      return tag ? (tagIndex(ctx).get(tag.key)?.records ?? []) : undefined;
    });

    // Links of one tag, kept: every listed entry asks for its tags' (bounded: a blog has a few thousand tags at most).
    const linkCache = new Map<string, { url: string; absolute_url: string }>();
    const linksOf = (key: string): { url: string; absolute_url: string } => {
      let links = linkCache.get(key);
      if (!links) {
        if (linkCache.size >= 10_000) linkCache.clear();
        linkCache.set(key, (links = { url: tagLink(key), absolute_url: urls.absolute(tagPath(key)) }));
      }
      return links;
    };

    hooks.story.tap(NAME, (args) => {
      if (!args.entry) return args;
      const tagList = parseTags(args.entry.meta[options.meta_key], options.separator).map((t) => ({ name: t.name, ...linksOf(t.key) }));
      return { ...args, vars: { ...args.vars, tag_list: tagList, tags_html: entryTagsHtml(tagList) } };
    });

    hooks.prepare.tap(NAME, (ctx) => {
      const { items, html } = tagCloudOf(ctx);
      const tag = ctx.data.tag;
      const current = tag ? items.find((item) => item.key === tag.key) : undefined;
      ctx.vars.tagcloud = current ? items.map((item) => (item === current ? { ...item, current: true } : item)) : items;
      ctx.vars.tagcloud_html = current ? markCurrent(html, current.url) : html;
      if (tag) Object.assign(ctx.vars, tagPageVars(blog, tag, tagPath));
    });

    // Tag pages and their feeds for `blossom render`, each depending on the entries it lists; the cloud is on
    // every page, so a change in it re-renders them all.
    hooks.staticrenderFilelist.tap(NAME, (list, info) => {
      const view = { now: info.now ?? new Date(), drafts: info.drafts };
      info.addSiteInput?.(NAME, JSON.stringify(tagCloudOf(view).items.map((t) => [t.key, t.name, t.count, t.size])));
      const added = [...tagIndex(view).values()].flatMap((tag) =>
        info.flavours.map((flavour) => ({ path: tagPath(tag.key, flavour), dependsOn: tag.records.map((r) => r.id) })),
      );
      return [...list, ...added];
    });
  },
});

/** Page variables of a tag page: its title and kind, and feeds that are the tag's, not the whole blog's. */
function tagPageVars(blog: BlogApi, tag: { key: string; name: string }, tagPath: (key: string, flavour?: string) => string) {
  const { urls, flavours } = blog;
  return {
    tag: tag.name,
    tag_url: urls.link(tagPath(tag.key)),
    page_kind: "tag",
    page_title: tag.name,
    is_tag: true,
    is_front: false,
    feed_rss: urls.absolute(tagPath(tag.key, "rss")),
    feed_atom: urls.absolute(tagPath(tag.key, "atom")),
    feed_json: flavours.get("json") ? urls.absolute(tagPath(tag.key, "json")) : "",
    html_url: urls.absolute(tagPath(tag.key)),
  };
}
