import type { BlogApi, StaticRenderInfo, StaticUrl } from "../../core";

/** One URL of the sitemap: a path under the mount and when its content last changed (ms), if known. */
export interface SitemapPage {
  readonly path: string;
  readonly lastmod?: number;
}

/** What decides which pages are listed. */
export interface PageOptions {
  /** Instant the listing is for: entries dated later are not shown yet. */
  readonly now: number;
  readonly drafts: boolean;
  /** Also list the pages plugins add to the static render (tag pages, later pages of lists, ...). */
  readonly fromPlugins: boolean;
  readonly exclude: readonly RegExp[];
}

/**
 * The `StaticRenderInfo` objects this plugin passes when it asks other plugins for their pages; its own
 * `staticrenderFilelist` tap recognises them and adds nothing (the sitemap does not list itself).
 */
export const probes = new WeakSet<StaticRenderInfo>();

/**
 * Every page a reader can reach in the default flavour: the front page, each category with a visible entry,
 * each visible entry, and (optionally) what other plugins add to that list through `staticrenderFilelist`, as
 * they do for `blossom render` (tag pages, page 2 of a list, ...). Date archives are left out: they only regroup
 * entries and categories already listed. A page's lastmod is the date of the newest entry on it.
 */
export async function sitemapPages(blog: BlogApi, options: PageOptions): Promise<SitemapPage[]> {
  const { entries, urls, config } = blog;
  const visible = entries.visible(options.now, { drafts: options.drafts, future: config.show_future_entries });

  // Newest first, so the first record seen in a category is its newest (and a category seen before has had
  // its parents set too).
  const newestInCategory = new Map<string, number>();
  for (const record of visible) {
    for (let category = record.category; !newestInCategory.has(category); category = parentOf(category)) {
      newestInCategory.set(category, record.date);
      if (category === "") break;
    }
  }
  const listings = [...newestInCategory.keys()].sort(); // "" (the front page) sorts first
  let list: readonly StaticUrl[] = [
    ...listings.map((category) => ({ path: urls.categoryPath(category), lists: { category } })),
    ...visible.map((record) => ({ path: urls.entryPath(record.id), dependsOn: [record.id] })),
  ];
  if (options.fromPlugins) {
    const flavours = [config.default_flavour];
    const probe: StaticRenderInfo = { flavours, entryFlavours: flavours, incremental: false, drafts: options.drafts, now: new Date(options.now) };
    probes.add(probe);
    list = await blog.hooks.staticrenderFilelist.promise(list, probe);
  }

  const dates = new Map(visible.map((r): [string, number] => [r.id, r.date]));
  const pageSuffix = `.${config.default_flavour}`;
  const pages = new Map<string, SitemapPage>();
  for (const url of list) {
    const path = url.path;
    if (pages.has(path) || options.exclude.some((pattern) => pattern.test(path))) continue;
    if (!path.endsWith("/") && !path.endsWith(pageSuffix)) continue; // feeds and other files are not pages
    let lastmod = url.lists && !url.lists.year ? (newestInCategory.get(url.lists.category) ?? 0) : 0;
    for (const id of url.dependsOn ?? []) lastmod = Math.max(lastmod, dates.get(id) ?? 0);
    pages.set(path, lastmod ? { path, lastmod } : { path });
  }
  return [...pages.values()];
}

function parentOf(category: string): string {
  const slash = category.lastIndexOf("/");
  return slash < 0 ? "" : category.slice(0, slash);
}
