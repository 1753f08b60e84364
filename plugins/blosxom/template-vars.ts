import type { Entry, PathInfo, RequestContext, TemplateVars } from "../../core";
import { dateParts, longDate, rfc822Date, w3cDate, type DateParts } from "../../core/dates";
import { packageInfo } from "../../core/package-root";

/** Entry variables that metadata cannot override (metadata keys such as `mood` are added beside them). */
const COMPUTED = new Set(["body", "fn", "file_path", "absolute_path", "path", "permalink", "entry_path", "category_path", "date", "w3cdate", "rfc822date", "yr", "mo", "mo_num", "da", "dw", "ti"]);

/** The fields of a day heading (date_head/date_foot) and of an entry's date. */
export function dayVars(p: DateParts): TemplateVars {
  return { yr: p.yr, mo: p.mo, mo_num: p.mo_num, da: p.da, dw: p.dw, date: longDate(p) };
}

/** Variables of one entry for `story` (Blosxom/PyBlosxom names), plus its metadata and parser/plugin vars. */
export function entryVars(entry: Entry, ctx: RequestContext): TemplateVars {
  const { urls, config } = ctx.blog;
  const parts = dateParts(entry.date, config.timezone);
  const vars: TemplateVars = {};
  for (const [key, value] of Object.entries(entry.meta)) if (!COMPUTED.has(key)) vars[key] = value;
  Object.assign(vars, entry.vars, {
    title: entry.title,
    body: entry.body,
    fn: entry.fn,
    file_path: entry.id,
    absolute_path: entry.category,
    path: entry.category,
    category_path: urls.link(urls.categoryPath(entry.category)),
    entry_path: urls.link(urls.entryPath(entry.id)),
    permalink: urls.absolute(urls.entryPath(entry.id)),
    ...dayVars(parts),
    ti: parts.ti,
    w3cdate: w3cDate(entry.date),
    rfc822date: rfc822Date(entry.date),
  });
  return vars;
}

/** What kind of page this is, for templates that adapt (titles, headings). */
function pageKind(pi: PathInfo | undefined, isError: boolean): string {
  if (isError || !pi) return "error";
  if (pi.kind === "entry") return "entry";
  if (pi.year) return "date";
  return pi.category ? "category" : "front";
}

/** Variables every template of a page sees (head, foot, day headings, stories). */
export function pageVars(ctx: RequestContext, flavour: string): TemplateVars {
  const { config, urls, flavours } = ctx.blog;
  const pi = ctx.data.pathInfo;
  const error = ctx.data.error;
  const entries = ctx.data.entries ?? [];
  const kind = pageKind(pi, !!error);
  const latest = entries[0]?.date ?? ctx.now.getTime();
  const latestParts = dateParts(latest, config.timezone);
  const listingPath = (f: string): string => {
    if (!pi || pi.kind === "entry") return urls.categoryPath(pi?.category ?? "", f);
    const date = pi.year ? { yr: pi.year, ...(pi.month ? { mo_num: pi.month } : {}), ...(pi.day ? { da: pi.day } : {}) } : undefined;
    return date ? urls.datePath(date, pi.category, f) : urls.categoryPath(pi.category, f);
  };
  const pagePath = error ? ctx.request.path : (pi?.canonicalPath ?? "/");
  const title =
    kind === "entry"
      ? (entries[0]?.title ?? "")
      : kind === "date"
        ? [pi!.category, [pi!.year, pi!.month, pi!.day].filter(Boolean).join("/")].filter(Boolean).join(" · ")
        : kind === "category"
          ? pi!.category
          : kind === "error"
            ? (error?.title ?? "")
            : "";
  const version = packageInfo().version;
  return {
    blog_title: config.title,
    blog_description: config.description,
    blog_author: config.author,
    blog_email: config.email,
    blog_language: config.language,
    base_url: config.base_url,
    base_path: config.mount,
    static_url: urls.link("/static"),
    url: urls.absolute(pagePath),
    page_path: urls.link(pagePath),
    flavour,
    default_flavour: config.default_flavour,
    page_kind: kind,
    // Mustache cannot compare strings, so each kind is also a boolean for {{#is_entry}}…{{/is_entry}}.
    is_front: kind === "front",
    is_category: kind === "category",
    is_date: kind === "date",
    is_entry: kind === "entry",
    is_error: kind === "error",
    page_title: title,
    pi_yr: pi?.year ?? "",
    pi_mo: pi?.month ?? "",
    pi_da: pi?.day ?? "",
    category: pi?.category ?? "",
    latest_date: longDate(latestParts),
    latest_w3cdate: w3cDate(latest),
    latest_rfc822date: rfc822Date(latest),
    feed_rss: urls.absolute(listingPath("rss")),
    feed_atom: urls.absolute(listingPath("atom")),
    feed_json: flavours.get("json") ? urls.absolute(listingPath("json")) : "",
    html_url: urls.absolute(listingPath(config.default_flavour)),
    generator: `Blossom ${version}`,
    blossom_version: version,
    entry_count: entries.length,
    ...(error ? { error_status: error.status, error_code: error.code, error_title: error.title, error_message: error.message } : {}),
    ...ctx.vars,
  };
}
