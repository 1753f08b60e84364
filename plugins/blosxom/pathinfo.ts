import type { BlogApi, PathInfo, RequestContext } from "../../core";
import { isValidDay, monthNumber } from "../../core/dates";

/**
 * PyBlosxom's path-info algorithm, with Blossom's decisions (see core/DIFFERENCES.md):
 * - the flavour is the URL's extension (`index.rss`, `entry.atom`), else `?flav=`, else default_flavour;
 * - a real folder wins over everything, so a folder named "2007" is a category;
 * - then an entry (`/cat/entry` or `/cat/entry.EXT`);
 * - else leading folders are the category and the rest must be a date: YYYY, then MM or a month
 *   abbreviation in any case, then a real day. Anything else is not a page (undefined → 404).
 */
export function parsePathInfo(ctx: RequestContext): PathInfo | undefined {
  const { blog, request } = ctx;
  const defaultFlavour = blog.config.default_flavour;
  let flavour = request.query.flav ?? defaultFlavour;
  const segments = request.path.split("/").filter((s) => s !== "");
  const trailingSlash = request.path.endsWith("/");
  if (segments.some((s) => s === "." || s === "..")) return undefined;

  let last = segments.at(-1);
  let extension: string | undefined;
  const dotted = last === undefined ? null : /^(.+)\.([^.]+)$/.exec(last);
  if (dotted && !trailingSlash) {
    [, last, extension] = dotted as unknown as [string, string, string];
  }
  if (last === "index" && !trailingSlash) {
    segments.pop();
    if (extension) flavour = extension;
    extension = undefined;
    return listing(blog, segments, flavour);
  }

  // A folder first: /2007/ is the category "2007" when that folder exists.
  if (!extension && blog.entries.hasCategory(segments.join("/"))) return listing(blog, segments, flavour);

  // Then one entry: /cat/entry or /cat/entry.EXT (the extension is the flavour).
  if (!trailingSlash && last !== undefined) {
    const id = [...segments.slice(0, -1), last].join("/");
    if (blog.entries.get(id)) {
      const entryFlavour = extension ?? flavour;
      return {
        kind: "entry",
        category: segments.slice(0, -1).join("/"),
        entryId: id,
        flavour: entryFlavour,
        truncate: false,
        canonicalPath: blog.urls.entryPath(id, entryFlavour),
      };
    }
  }
  if (extension) return undefined;
  return listing(blog, segments, flavour);
}

function listing(blog: BlogApi, segments: readonly string[], flavour: string): PathInfo | undefined {
  let category = "";
  let i = 0;
  while (i < segments.length) {
    const next = category ? `${category}/${segments[i]}` : segments[i]!;
    if (!blog.entries.hasCategory(next)) break;
    category = next;
    i++;
  }
  const rest = segments.slice(i);
  if (rest.length > 3) return undefined;
  const [year, monthSegment, day] = rest;
  if (year !== undefined && !/^\d{4}$/.test(year)) return undefined;
  const month = monthSegment === undefined ? undefined : monthNumber(monthSegment);
  if (monthSegment !== undefined && month === undefined) return undefined;
  if (day !== undefined && !isValidDay(year!, month!, day)) return undefined;
  const date = year === undefined ? undefined : { yr: year, ...(month ? { mo_num: month } : {}), ...(day ? { da: day } : {}) };
  return {
    kind: "index",
    category,
    ...(year !== undefined ? { year } : {}),
    ...(month !== undefined ? { month } : {}),
    ...(day !== undefined ? { day } : {}),
    flavour,
    truncate: year === undefined,
    canonicalPath: date ? blog.urls.datePath(date, category, flavour) : blog.urls.categoryPath(category, flavour),
  };
}
