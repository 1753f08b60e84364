import { escapeHtml } from "../../core";
import type { CategoryNode } from "./tree";

/** What the nested list needs to know about one category besides the tree. */
export interface CategoryLinks {
  url(node: CategoryNode): string;
  /** "" leaves the feed link out. */
  feedUrl(node: CategoryNode): string;
}

/**
 * `<ul class="categories">` with one `<li>` per category, subcategories in a nested `<ul>`: the link, its count
 * and a link to its feed. The same for every page, so it is built once; `markCurrent` flags the page's own link.
 */
export function categoriesHtml(nodes: readonly CategoryNode[], links: CategoryLinks, feedLabel: string): string {
  if (nodes.length === 0) return "";
  const list = (level: readonly CategoryNode[], top: boolean): string => {
    const items = level.map((node) => {
      const name = escapeHtml(node.name);
      const feed = links.feedUrl(node);
      const feedLink = feed
        ? ` <a class="category-feed" href="${escapeHtml(feed)}" aria-label="${name} ${escapeHtml(feedLabel)}">${escapeHtml(feedLabel)}</a>`
        : "";
      const children = node.children.length ? `\n${list(node.children, false)}` : "";
      return `<li><a href="${escapeHtml(links.url(node))}">${name}</a> <span class="count">(${node.count})</span>${feedLink}${children}</li>`;
    });
    return `<ul${top ? ' class="categories"' : ""}>\n${items.join("\n")}\n</ul>`;
  };
  return list(nodes, true);
}

/** Adds `aria-current="page"` to the link to `url` (each category's link is the only one with its href). */
export function markCurrent(html: string, url: string): string {
  const href = `<a href="${escapeHtml(url)}">`;
  const at = html.indexOf(href);
  return at < 0 ? html : `${html.slice(0, at + href.length - 1)} aria-current="page"${html.slice(at + href.length - 1)}`;
}
