import { BlossomError, definePlugin, STAGE, type PathInfo, type StaticUrl } from "../../core";
import { buildPagination, navigationHtml, pageLabel } from "./navigation";
import { encodePath, pagePath, pagePattern } from "./page-path";
import { readListing } from "./static-pages";

const NAME = "paginate";

declare module "../../core" {
  interface RequestData {
    /** The page number a URL asked for (`/page/3/` → 3), set by paginate before the URL rules run. */
    page?: number;
    /** Set by paginate's `truncatelist` on a listing it split into pages. */
    pagination?: { readonly page: number; readonly pages: number; readonly total: number; readonly perPage: number };
  }
}

/** A page number: no sign, no leading zero, at most nine digits (beyond that every page is past the last). */
const PAGE_NUMBER = /^[1-9]\d{0,8}$/;

/**
 * Splits front, category, tag and date pages into pages at `/page/2/`, `/tech/page/2/`, `/tags/x/page/3/`,
 * `/2024/05/page/2/`, with `pagination` data and a ready `page_navigation`. Page 1 is the plain URL (`/page/1/`
 * redirects to it); a page past the last, or a malformed page number, is a 404. Feeds are not paginated.
 */
export default definePlugin({
  name: NAME,
  description: "Numbered pages for front, category, tag and date pages: /page/2/, {{{page_navigation}}}",
  options: (z) =>
    z.strictObject({
      segment: z
        .string()
        .regex(/^[^/.][^/]*$/, "one URL path segment, without '/'")
        .default("page")
        .meta({ description: "The path segment before the page number: /page/2/" }),
      per_page: z
        .int()
        .positive()
        .optional()
        .meta({ description: "Entries per page; default num_entries (10 when num_entries is 0)" }),
      flavours: z
        .array(z.string().min(1))
        .min(1)
        .optional()
        .meta({ description: "Flavours that are paginated; default the default_flavour only (feeds are never split)" }),
      dates: z.boolean().default(true).meta({ description: "Also split date archives, which the core never truncates" }),
      window: z.int().min(0).default(2).meta({ description: "Numbered links shown either side of the current page" }),
      previous_text: z.string().default("← Newer").meta({ description: "Text of the link to the previous (newer) page" }),
      next_text: z.string().default("Older →").meta({ description: "Text of the link to the next (older) page" }),
      page_label: z
        .string()
        .default("Page {page}")
        .meta({ description: "Name of page {page} (of {pages}): numbered links' aria-label, and added to page_title from page 2" }),
    }),
  apply(blog, options) {
    const { hooks, urls, config } = blog;
    const flavours = new Set(options.flavours ?? [config.default_flavour]);
    const perPage = options.per_page ?? (config.num_entries > 0 ? config.num_entries : 10);
    const readPage = pagePattern(options.segment);
    const paginates = (pi: PathInfo): boolean =>
      pi.kind === "index" && flavours.has(pi.flavour) && (pi.truncate || (options.dates && pi.year !== undefined));
    const notFound = (message: string): BlossomError => new BlossomError("BLOSSOM_ERR_NOT_FOUND", message);

    // /page/1/ is the plain URL: send readers (and links written by hand) there.
    hooks.handle.tap({ name: NAME, stage: STAGE.EARLY }, (ctx) => {
      const paged = ctx.request.method === "GET" ? readPage(ctx.request.path) : undefined;
      if (paged?.page !== "1") return undefined;
      const query = new URLSearchParams(ctx.request.query).toString();
      const location = urls.link(encodePath(paged.path)) + (query ? `?${query}` : "");
      return { status: 301, headers: { Location: location, "Content-Type": "text/plain; charset=utf-8" }, body: `See ${location}\n` };
    });

    // Strip the page before any URL rule sees the path; remember the number for truncatelist.
    hooks.pathinfo.tap({ name: NAME, stage: STAGE.EARLY }, (ctx) => {
      const paged = readPage(ctx.request.path);
      if (!paged) return undefined;
      const page = PAGE_NUMBER.test(paged.page) ? Number(paged.page) : 0;
      if (page < 2) throw notFound(`There is no page "${paged.page}" of ${urls.link(encodePath(paged.path))}.`);
      ctx.request = { ...ctx.request, path: paged.path };
      ctx.data.page = page;
      return undefined;
    });

    // Before the core's num_entries cut: this page's slice, or a 404 past the last page.
    hooks.truncatelist.tap(NAME, (records, ctx) => {
      const pi = ctx.data.pathInfo;
      const requested = ctx.data.page;
      if (!pi || !paginates(pi)) {
        if (requested !== undefined) throw notFound(`${urls.link(pi?.canonicalPath ?? ctx.request.path)} is not split into pages.`);
        return undefined;
      }
      const pages = Math.max(1, Math.ceil(records.length / perPage));
      const page = requested ?? 1;
      if (page > pages) {
        throw notFound(`There is no page ${page} of ${urls.link(pi.canonicalPath)}; it has ${pages === 1 ? "one page" : `${pages} pages`}.`);
      }
      ctx.data.pagination = { page, pages, total: records.length, perPage };
      return records.slice((page - 1) * perPage, page * perPage);
    });

    hooks.prepare.tap(NAME, (ctx) => {
      const state = ctx.data.pagination;
      const pi = ctx.data.pathInfo;
      if (!state || !pi) return;
      const pathOf = (n: number): string => pagePath(pi.canonicalPath, n, options.segment);
      const pagination = buildPagination(state.page, state.pages, state.total, state.perPage, options.window, (n) => urls.link(pathOf(n)));
      ctx.vars.pagination = pagination;
      ctx.vars.page_navigation = navigationHtml(pagination, {
        previous: options.previous_text,
        next: options.next_text,
        pageLabel: options.page_label,
      });
      if (state.page > 1) {
        ctx.vars.url = urls.absolute(pathOf(state.page));
        ctx.vars.page_path = urls.link(pathOf(state.page));
      }
    });

    // "Page 2" in the title from page 2 on, after every plugin has set the page's own title.
    hooks.head.tap({ name: NAME, stage: STAGE.ENRICH }, (args, ctx) => {
      const state = ctx.data.pagination;
      if (!state || state.page < 2) return args;
      const label = pageLabel(options.page_label, state.page, state.pages);
      const title = typeof args.vars.page_title === "string" && args.vars.page_title ? `${args.vars.page_title} · ${label}` : label;
      return { ...args, vars: { ...args.vars, page_title: title } };
    });

    // Every page of every paginated listing the render writes (tags' pages included: this runs after them).
    hooks.staticrenderFilelist.tapPromise({ name: NAME, stage: STAGE.ENRICH }, async (list, info) => {
      info.addSiteInput?.(NAME, ""); // nothing blog-wide: each page depends on its own listing only
      const now = info.now ?? new Date();
      const seen = new Set(list.map((url) => url.path));
      const added: StaticUrl[] = [];
      for (const url of list) {
        if (!url.path.endsWith("/") && !/\/index\.[^/.]+$/.test(url.path)) continue;
        const listing = await readListing(blog, url, now, info.drafts);
        if (!listing || !paginates(listing.pathInfo)) continue;
        const pages = Math.ceil(listing.records.length / perPage);
        // Every page shifts when an entry is added to or removed from the listing: each depends on all of it.
        const dependsOn = listing.records.map((r) => r.id);
        for (let n = 2; n <= pages; n++) {
          const path = pagePath(listing.pathInfo.canonicalPath, n, options.segment);
          if (seen.has(path)) continue;
          seen.add(path);
          added.push({ path, dependsOn, ...(url.lists ? { lists: url.lists } : {}) });
        }
      }
      return [...list, ...added];
    });
  },
});
