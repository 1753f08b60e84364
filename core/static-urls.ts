/**
 * The entries a listing page shows: those in `category` (at any depth; "" is the whole blog), and, when given,
 * published in that year, month or day (in the blog's time zone). The incremental renderer re-renders the page
 * when an entry inside it is added, edited or removed, or moves in or out of it.
 */
export interface StaticListing {
  readonly category: string;
  /** "2024". */
  readonly year?: string;
  /** "01".."12"; only with `year`. */
  readonly month?: string;
  /** "01".."31"; only with `month`. */
  readonly day?: string;
}

/**
 * One page the static renderer writes: a path under the mount as links write it (percent-encoded, as
 * UrlBuilder makes it), e.g. "/cat/index.rss" or "/tags/node/". No query string: a plain file server ignores it.
 *
 * What the page depends on decides when `blossom render --incremental` renders it again:
 * - `dependsOn`: these entries (ids); the page is re-rendered when one is added, edited or removed;
 * - `lists`: the entries of a category or date (see StaticListing);
 * - neither: the page depends on every entry and is re-rendered whenever any entry changes.
 * Both may be given; either one triggers. A change to config.yaml or a template re-renders every page.
 */
export interface StaticUrl {
  readonly path: string;
  readonly dependsOn?: readonly string[];
  readonly lists?: StaticListing;
}

/**
 * What the static renderer tells `staticrenderFilelist` taps. The fields after `drafts` are always set by
 * `blossom render`; they are optional so a plugin that calls the hook itself (a sitemap collecting the pages
 * other plugins add) need not invent them.
 */
export interface StaticRenderInfo {
  /** Flavours of listing pages (front page, categories, dates), e.g. ["html", "rss", "atom"]. */
  readonly flavours: readonly string[];
  /** Flavours of entry pages, e.g. ["html"]. */
  readonly entryFlavours?: readonly string[];
  /**
   * Whether this run is incremental. Taps still return every URL: the renderer works out which pages a change
   * affects, and deletes the files of URLs that are no longer listed.
   */
  readonly incremental: boolean;
  readonly drafts: boolean;
  /** The one moment every page of this run is rendered at (pass it on to `isVisible` and the like). */
  readonly now?: Date;
  /**
   * Declares the blog-wide data a plugin puts on every page (a category list with counts, an archive list, a
   * tag cloud, recent entries) as a string that changes when that data changes (a digest, or the data itself);
   * `plugin` is the plugin's name. When a value differs from the previous render's, an incremental render
   * re-renders every page. A plugin that taps `prepare`, `head` or `foot` and declares nothing is assumed to
   * show data from every entry: any added, removed or retitled entry (or changed date or metadata) then
   * re-renders every page. Declaring "" says "nothing blog-wide" and keeps incremental renders small.
   */
  addSiteInput?(plugin: string, value: string): void;
}
