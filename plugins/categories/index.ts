import { compareNames, definePlugin, type EntryView } from "../../core";
import { categoriesHtml, markCurrent } from "./html";
import { buildCategoryTree, flattenTree, type CategoryNode } from "./tree";

const NAME = "categories";

/**
 * The category tree with entry counts, as `categories` (a flat list in reading order, with depth) and as
 * `categories_html` (a nested list), set on every page in `prepare`. Counts come from the shared entry index and
 * are recomputed only when the visible entries change.
 */
export default definePlugin({
  name: NAME,
  description: "Category tree with entry counts and feed links: {{categories}}, {{{categories_html}}}",
  options: (z) =>
    z.strictObject({
      feed_flavour: z
        .string()
        .default("rss")
        .meta({ description: 'Flavour of the feed each category links to; "" for no feed links' }),
      feed_label: z.string().default("feed").meta({ description: "Text of each category's feed link" }),
      show_empty: z
        .boolean()
        .default(false)
        .meta({ description: "List categories that have no visible entry (only drafts, future entries, or nothing)" }),
    }),
  apply(blog, options) {
    const { urls } = blog;
    const links = {
      url: (node: CategoryNode) => urls.link(urls.categoryPath(node.path)),
      feedUrl: (node: CategoryNode) => (options.feed_flavour ? urls.link(urls.categoryPath(node.path, options.feed_flavour)) : ""),
    };
    const compare = compareNames(blog.config.language);
    // Kept on disk too: a CGI request reads the list instead of counting every entry.
    const categories = (view: EntryView) =>
      blog.derived.get(
        `${NAME}:list`,
        view,
        (records) => {
          const nodes = buildCategoryTree(blog.entries.categories(), records, compare, options.show_empty);
          const items = flattenTree(nodes).map((node) => ({
            name: node.name,
            path: node.path,
            depth: node.depth,
            count: node.count,
            url: links.url(node),
            feed_url: links.feedUrl(node),
            current: false,
          }));
          return { items, html: categoriesHtml(nodes, links, options.feed_label) };
        },
        { persist: true },
      );

    blog.hooks.prepare.tap(NAME, (ctx) => {
      const { items, html } = categories(ctx);
      // The page is a category's own listing (any page of it, in any flavour); a date archive inside it is not.
      const pi = ctx.data.pathInfo;
      const current = pi?.kind === "index" && pi.year === undefined ? items.find((item) => item.path === pi.category) : undefined;
      ctx.vars.categories = current ? items.map((item) => (item === current ? { ...item, current: true } : item)) : items;
      ctx.vars.categories_html = current ? markCurrent(html, current.url) : html;
    });

    // The list is on every page: tell an incremental `blossom render` what it holds, so pages are re-rendered
    // only when a count changes.
    blog.hooks.staticrenderFilelist.tap(NAME, (list, info) => {
      const { items } = categories({ now: info.now ?? new Date(), drafts: info.drafts });
      info.addSiteInput?.(NAME, JSON.stringify(items.map((item) => [item.path, item.count])));
      return list;
    });
  },
});
