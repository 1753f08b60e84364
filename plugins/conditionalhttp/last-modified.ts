import { statSync } from "node:fs";
import type { BlogApi, Entry, RequestContext } from "../../core";

/** Where a page's Last-Modified comes from (the `last_modified` option). */
export type LastModifiedSource = "blog" | "shown";

/**
 * Computes Last-Modified for a page. An entry's mtime alone (PyBlosxom) misses what else a page is built from:
 * templates, config.yaml, deleted entries, sidebars listing the whole blog, entries whose #date has just
 * come. So the time is the latest of: the flavour's template files, config.yaml, and either the newest change
 * anywhere in the entries folder ("blog", the default: never too early) or the newest entry shown ("shown":
 * closer to the page, but blind to deletions and blog-wide sidebars). Never later than now.
 */
export class LastModifiedClock {
  private readonly configMtime: number;
  private lastIndexEvent = 0;

  constructor(
    private readonly blog: BlogApi,
    private readonly source: LastModifiedSource,
  ) {
    // The config this process runs with: its mtime when it was loaded is the one that matters.
    this.configMtime = statSync(blog.config.file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    // A watcher or a cache revalidation saw files added, edited or removed (a removal moves no mtime forward).
    blog.entries.onChange(() => {
      this.lastIndexEvent = Date.now();
    });
  }

  /** Last-Modified of the response to `ctx`, ms since the epoch. */
  of(ctx: RequestContext): number {
    const now = ctx.now.getTime();
    const shown = ctx.data.entries ?? [];
    const content = this.source === "shown" && shown.length > 0 ? newestOf(shown, now) : this.blogChangedAt(ctx);
    return Math.min(now, Math.max(content, this.configMtime, this.flavourMtime(ctx)));
  }

  /** The newest change anywhere in the entries folder, including entries whose date has come. */
  private blogChangedAt(ctx: RequestContext): number {
    const { entries, config } = this.blog;
    const now = ctx.now.getTime();
    // Newest first, so the first visible record is the newest entry a reader can see now.
    const published = entries.visible(now, { drafts: ctx.drafts, future: config.show_future_entries })[0];
    return Math.max(entries.changedAt(), this.lastIndexEvent, published ? Math.min(published.date, now) : 0);
  }

  private flavourMtime(ctx: RequestContext): number {
    const name = ctx.data.flavour;
    return name ? (this.blog.flavours.get(name, ctx.data.pathInfo?.category ?? "")?.mtime ?? 0) : 0;
  }
}

function newestOf(entries: readonly Entry[], now: number): number {
  let newest = 0;
  for (const entry of entries) newest = Math.max(newest, entry.mtime, Math.min(entry.date, now));
  return newest;
}
