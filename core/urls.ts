import type { BlogConfig } from "./config/config";

/** Characters encodeURIComponent leaves alone, plus "/": a path made only of them needs no encoding. */
const UNRESERVED_PATH = /^[A-Za-z0-9\-_.!~*'()/]*$/;

/** Percent-encodes each segment of a "/"-separated path, keeping the slashes. */
export function encodePath(path: string): string {
  // Most paths are plain ("tech/my-post"): every link of every page comes through here, so skip the split.
  if (UNRESERVED_PATH.test(path)) return path;
  return path
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

/**
 * Builds the URLs the engine writes. Page links are mount-relative ("/blog/cat/"), so the blog works on any
 * host; feeds and canonical links are absolute, from base_url. The layout mirrors the static renderer's
 * files: "/cat/" is cat/index.html, "/cat/index.rss" is cat/index.rss, "/cat/entry.html" is cat/entry.html.
 */
export class UrlBuilder {
  constructor(private readonly config: Pick<BlogConfig, "mount" | "base_url" | "default_flavour">) {}

  /** Mount-relative link for a path under the mount ("/x" → "/blog/x"). */
  link(path: string): string {
    return `${this.config.mount}${path}`;
  }

  /** Absolute URL for a path under the mount. */
  absolute(path: string): string {
    return `${this.config.base_url}${path}`;
  }

  /** Path under the mount of an entry's page: "/cat/entry.html". */
  entryPath(id: string, flavour = this.config.default_flavour): string {
    return `/${encodePath(id)}.${flavour}`;
  }

  /** Path under the mount of a listing page: "/cat/sub/" for the default flavour, "/cat/sub/index.rss" otherwise. */
  indexPath(prefix: string, flavour = this.config.default_flavour): string {
    const dir = prefix ? `/${encodePath(prefix)}/` : "/";
    return flavour === this.config.default_flavour ? dir : `${dir}index.${flavour}`;
  }

  /** Path of a category page. */
  categoryPath(category: string, flavour?: string): string {
    return this.indexPath(category, flavour);
  }

  /** Path of a date archive ("/2024/05/"), optionally inside a category ("/cat/2024/05/"). */
  datePath(date: { yr: string; mo_num?: string; da?: string }, category = "", flavour?: string): string {
    const parts = [category, date.yr, date.mo_num, date.mo_num ? date.da : undefined].filter((p): p is string => !!p);
    return this.indexPath(parts.join("/"), flavour);
  }
}
