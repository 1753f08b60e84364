import type { SitemapPage } from "./pages";

/** The sitemaps.org limit of URLs in one file (the 50 MB limit is never reached first by a blog's URLs). */
export const MAX_URLS_PER_FILE = 50_000;

const NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9";

/** Escapes the five XML special characters (sitemaps.org requires entity-escaped URLs). */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** W3C Datetime in UTC to the second: "2024-05-01T09:30:00Z". */
export function w3cDatetime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * The sitemap's files by path: one `<urlset>` at `path` while the pages fit in one file, else a `<sitemapindex>`
 * at `path` naming `<stem>-1.xml`, `<stem>-2.xml`, ... (sitemaps.org allows 50,000 URLs a file).
 */
export function sitemapFiles(
  pages: readonly SitemapPage[],
  path: string,
  absolute: (path: string) => string,
  maxUrls = MAX_URLS_PER_FILE,
): Map<string, string> {
  if (pages.length <= maxUrls) return new Map([[path, urlset(pages, absolute)]]);
  const files = new Map<string, string>();
  const parts: Array<{ url: string; lastmod: number | undefined }> = [];
  for (let start = 0; start < pages.length; start += maxUrls) {
    const partPages = pages.slice(start, start + maxUrls);
    const partPath = path.replace(/\.xml$/, `-${parts.length + 1}.xml`);
    parts.push({ url: absolute(partPath), lastmod: partPages.reduce((max, p) => Math.max(max, p.lastmod ?? 0), 0) || undefined });
    files.set(partPath, urlset(partPages, absolute));
  }
  return new Map([[path, sitemapIndex(parts)], ...files]);
}

/** A `<urlset>` of pages; `absolute` turns a path under the mount into the URL crawlers fetch. */
export function urlset(pages: readonly SitemapPage[], absolute: (path: string) => string): string {
  const lines = pages.map(
    (page) => `<url><loc>${xmlEscape(absolute(page.path))}</loc>${page.lastmod ? `<lastmod>${w3cDatetime(page.lastmod)}</lastmod>` : ""}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${NAMESPACE}">\n${lines.join("\n")}${lines.length ? "\n" : ""}</urlset>\n`;
}

/** A `<sitemapindex>` of the parts of a sitemap too big for one file. */
export function sitemapIndex(parts: ReadonlyArray<{ url: string; lastmod?: number | undefined }>): string {
  const lines = parts.map(
    (part) => `<sitemap><loc>${xmlEscape(part.url)}</loc>${part.lastmod ? `<lastmod>${w3cDatetime(part.lastmod)}</lastmod>` : ""}</sitemap>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${NAMESPACE}">\n${lines.join("\n")}\n</sitemapindex>\n`;
}
