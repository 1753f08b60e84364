/** A path with its page segment taken out: "/tech/page/3/" is page "3" of "/tech/". */
export interface PagedPath {
  /** The path without `/<segment>/<n>`, e.g. "/tech/" or "/tech/index.html". */
  readonly path: string;
  /** The page number as written (digits only), e.g. "3" or "007". */
  readonly page: string;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Reads `<listing>/<segment>/<digits>/` at the end of a path (also without the trailing slash, and followed by
 * `index` or `index.<flavour>`). The last such segment pair wins, so a category called "page" still pages.
 */
export function pagePattern(segment: string): (path: string) => PagedPath | undefined {
  const pattern = new RegExp(`^(.*/)${escapeRegExp(segment)}/(\\d+)(?:/(index(?:\\.[^/.]+)?)?)?$`);
  return (path) => {
    const match = pattern.exec(path);
    return match ? { path: match[1]! + (match[3] ?? ""), page: match[2]! } : undefined;
  };
}

/** The path of page `n` of a listing: "/tech/" → "/tech/page/2/", "/tech/index.xhtml" → "/tech/page/2/index.xhtml". */
export function pagePath(listingPath: string, n: number, segment: string): string {
  if (n <= 1) return listingPath;
  const slash = listingPath.lastIndexOf("/");
  return `${listingPath.slice(0, slash + 1)}${encodeURIComponent(segment)}/${n}/${listingPath.slice(slash + 1)}`;
}

/** Percent-encodes a decoded path segment by segment, keeping the slashes (for a Location header). */
export function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}
