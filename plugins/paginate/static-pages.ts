import { decodePath, type BlogApi, type EntryRecord, type PathInfo, type RequestContext, type StaticUrl } from "../../core";

/**
 * What a listing URL shows, found the way a request finds it: the `pathinfo` and `filelist` hooks, with every
 * plugin's taps (so tag pages and other plugins' listings count too). Undefined when the URL is not a page.
 */
export async function readListing(
  blog: BlogApi,
  url: StaticUrl,
  now: Date,
  drafts: boolean,
): Promise<{ pathInfo: PathInfo; records: readonly EntryRecord[] } | undefined> {
  const path = decodePath(url.path);
  if (path === undefined) return undefined;
  const ctx: RequestContext = {
    request: { method: "GET", path, query: {}, headers: {}, body: Buffer.alloc(0), remoteAddress: "" },
    blog,
    scope: blog.container.createScope(),
    log: blog.log,
    now,
    isStatic: true,
    drafts,
    data: {},
    vars: {},
    headers: {},
    dependsOn: () => undefined,
  };
  try {
    const pathInfo = await blog.hooks.pathinfo.promise(ctx);
    if (!pathInfo) return undefined;
    ctx.data.pathInfo = pathInfo;
    ctx.data.flavour = pathInfo.flavour;
    return { pathInfo, records: (await blog.hooks.filelist.promise(ctx)) ?? [] };
  } catch {
    return undefined; // a URL no plugin can answer (a 404) has no pages
  } finally {
    await ctx.scope.dispose();
  }
}
