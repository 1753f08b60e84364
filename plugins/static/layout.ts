import { join } from "node:path";
import { BlossomError, decodePath, type BlogApi } from "../../core";

/**
 * Where a page's file goes, so that a plain static server answers the same URL as the dynamic blog. The output
 * folder is the blog's mount root (what base_url points at):
 *   "/"                → index.<default flavour>       "/cat/"          → cat/index.<default flavour>
 *   "/cat/index.rss"   → cat/index.rss                 "/cat/entry.html" → cat/entry.html
 * File names are the decoded URL ("/a%20b.html" is "a b.html"): servers decode before they look up a file.
 */
export interface PageLocation {
  /** The decoded path the request carries (BlogRequest.path). */
  readonly requestPath: string;
  /** The file under the output folder, "/"-separated, never starting with "/" and never leaving the folder. */
  readonly file: string;
}

/** The file for a URL path under the mount, or a reason it has none. (Runs once per page: no split, no join.) */
export function locatePage(path: string, defaultFlavour: string): PageLocation | { readonly problem: string } {
  if (!path.startsWith("/")) return { problem: "does not start with /" };
  if (path.includes("?") || path.includes("#")) return { problem: "has a query or fragment, which a file server ignores" };
  const requestPath = path.includes("%") ? decodePath(path) : path;
  if (requestPath === undefined) return { problem: "is not valid percent-encoding" };
  const isFolder = requestPath.endsWith("/");
  const body = isFolder ? requestPath.slice(0, -1) : requestPath;
  // A "/" followed by nothing, "." or "..", then another "/" or the end: an empty, . or .. segment.
  if (/\/(?:\.\.?)?(?=\/|$)/.test(body)) return { problem: "has an empty, . or .. segment" };
  const file = isFolder ? `${body ? `${body.slice(1)}/` : ""}index.${defaultFlavour}` : body.slice(1);
  return { requestPath, file };
}

/** The output folder must not hold the blog's own files, nor be inside them: deleting stale pages must be safe. */
export function assertSafeOutput(blog: BlogApi, outDir: string): void {
  const { datadir, flavourdir, static_dir, root } = blog.config;
  const within = (inner: string, outer: string): boolean => inner === outer || inner.startsWith(`${outer}/`);
  const clash =
    [datadir, flavourdir, static_dir].find((dir) => within(outDir, dir) || within(dir, outDir)) ??
    (within(root, outDir) ? root : undefined);
  if (clash) {
    throw new BlossomError(
      "BLOSSOM_ERR_STATIC_OUTPUT",
      `the output folder ${outDir} overlaps ${clash}; choose a folder of its own, such as ${join(root, "public")}`,
      { location: outDir },
    );
  }
}
