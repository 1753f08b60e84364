import { escapeHtml } from "../../core";
import type { CloudTag } from "./cloud";

/** An entry's tag links: `<ul class="tags">` with one `<a rel="tag">` per tag, on one line; "" for an untagged entry. */
export function entryTagsHtml(tags: readonly { name: string; url: string }[]): string {
  if (tags.length === 0) return "";
  const items = tags.map((t) => `<li><a href="${escapeHtml(t.url)}" rel="tag">${escapeHtml(t.name)}</a></li>`);
  // No white space between items: the list is shown inline, where it would put a space before each separator.
  return `<ul class="tags">${items.join("")}</ul>`;
}

export interface CloudLinks {
  url(tag: CloudTag): string;
  /** A CSS font-size for the tag's class, or undefined to leave sizing to the stylesheet. */
  fontSize(tag: CloudTag): string | undefined;
}

/**
 * The tag cloud: `<ul class="tagcloud">`, each link with class `tag-size-N` and its count in `data-count`. The
 * same for every page, so it is built once; `markCurrent` flags the page's own tag.
 */
export function tagCloudHtml(tags: readonly CloudTag[], links: CloudLinks): string {
  if (tags.length === 0) return "";
  const items = tags.map((t) => {
    const size = links.fontSize(t);
    const style = size ? ` style="font-size: ${size}"` : "";
    return `<li><a class="tag-size-${t.size}" href="${escapeHtml(links.url(t))}"${style} data-count="${t.count}">${escapeHtml(t.name)}</a></li>`;
  });
  return `<ul class="tagcloud">\n${items.join("\n")}\n</ul>`;
}

/** Adds `aria-current="page"` to the cloud's link to `url` (each tag's link is the only one with its href). */
export function markCurrent(html: string, url: string): string {
  const href = ` href="${escapeHtml(url)}"`;
  const at = html.indexOf(href);
  return at < 0 ? html : `${html.slice(0, at + href.length)} aria-current="page"${html.slice(at + href.length)}`;
}
