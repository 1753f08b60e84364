import { BlossomError, type BlogResponse, type Entry, type RequestContext } from "../../core";

/**
 * PyBlosxom's blosxom_handler, the default answer to `handle`: renderer → pathinfo → filelist → sortlist →
 * truncatelist → format the bodies → prepare → render. Each step is a hook; this only calls them in order.
 */
export async function blosxomHandler(ctx: RequestContext): Promise<BlogResponse> {
  const { hooks } = ctx.blog;
  const method = ctx.request.method;
  if (method !== "GET" && method !== "POST") {
    ctx.headers.Allow = "GET, HEAD, POST";
    throw new BlossomError("BLOSSOM_ERR_METHOD_NOT_ALLOWED", `${method} is not supported here`);
  }
  const renderer = await hooks.renderer.promise(ctx);
  if (!renderer) throw new BlossomError("BLOSSOM_ERR_INTERNAL", "no plugin provides a renderer");
  ctx.data.renderer = renderer;

  const pi = await hooks.pathinfo.promise(ctx);
  if (!pi) throw notFound(ctx);
  ctx.data.pathInfo = pi;
  ctx.data.flavour = pi.flavour;

  let records = (await hooks.filelist.promise(ctx)) ?? [];
  records = (await hooks.sortlist.promise(records, ctx)) ?? records;
  records = (await hooks.truncatelist.promise(records, ctx)) ?? records;
  ctx.data.records = records;
  ctx.data.entries = await formatAll(ctx);
  const frontPage = pi.kind === "index" && pi.category === "" && !pi.year;
  if (ctx.data.entries.length === 0 && !frontPage) throw notFound(ctx);

  await hooks.prepare.promise(ctx);
  return renderer.render(ctx);
}

/** Formats each listed entry; one unreadable entry is logged and left out, not a failed page. */
async function formatAll(ctx: RequestContext): Promise<Entry[]> {
  const results = await Promise.allSettled((ctx.data.records ?? []).map((r) => ctx.blog.formatEntry(r)));
  const entries: Entry[] = [];
  for (const result of results) {
    if (result.status === "fulfilled") entries.push(result.value);
    else ctx.log.error(result.reason instanceof BlossomError ? result.reason.describe() : String(result.reason));
  }
  return entries;
}

function notFound(ctx: RequestContext): BlossomError {
  return new BlossomError("BLOSSOM_ERR_NOT_FOUND", `There is no page at ${ctx.blog.urls.link(ctx.request.path)}.`);
}
