import { join } from "node:path";
import type { Blog, BlogApi, BlogRequest, BlogResponse } from "../../core";
import { INDEX_FILE } from "../../core/entries/index-file";
import { stampOf, stampTree, type FileStamp } from "../../core/file-stamps";
import { runningCode } from "../../core/package-root";
import { externalPluginFiles } from "../../core/plugin-loader";
import { cacheLifetime, writePage, type PageState } from "./page-cache";

/**
 * Larger answers are not kept: a page is far smaller, and a big file from static_dir (which the web server
 * should serve itself) is not worth a copy.
 */
const MAX_PAGE_BYTES = 1 << 20;

/** The plugin whose `logrequest` tap writes the access line, which a cached answer writes too. */
const ACCESS_LOGGER = "blosxom";

/**
 * Records what one page is built from while Blossom renders it, and keeps the page in the CGI page cache if an
 * HTTP cache could. Made once the entry index is checked and before anything renders, so a file that changes
 * while the page renders no longer matches its stamp: the page is then rendered again, never kept stale.
 */
export class PageRecorder {
  private readonly state: Omit<PageState, "expires">;
  private readonly declared: FileStamp[] = [];
  private readonly startedAt = Date.now();

  constructor(
    private readonly blog: Blog,
    private readonly key: string,
    private readonly cacheDir: string,
    sweepAfterMs: number,
  ) {
    const { config, entries } = blog;
    // The index file too: deleting it (to rebuild the index) drops the pages built from it.
    const files = [stampOf(join(cacheDir, INDEX_FILE)), ...sourceFiles(blog)];
    this.state = { index: entries.state, datadir: config.datadir, folders: entries.folderTimes(), sweepAfterMs, files };
  }

  /** For HandleOptions.onDependency: a file the page declares it is built from (ctx.dependsOn), stamped now. */
  readonly dependsOn = (file: string): void => {
    this.declared.push(stampOf(file));
  };

  /** Keeps the answer to a GET if it is a 200 an HTTP cache could keep, for as long as it could. */
  keep(request: Omit<BlogRequest, "body">, response: BlogResponse, maxPages: number): void {
    const { blog } = this;
    if (request.method !== "GET" || response.status !== 200) return;
    if (requestLoggers(blog).length > 0) return;
    const lifetime = cacheLifetime(response, this.startedAt);
    if (lifetime === undefined) return;
    const due = blog.config.show_future_entries ? undefined : blog.entries.nextDateAfter(this.startedAt);
    const expires = Math.min(this.startedAt + lifetime, due ?? Infinity);
    const body = typeof response.body === "string" ? Buffer.from(response.body) : response.body;
    if (body.length > MAX_PAGE_BYTES) return;
    const page = {
      key: this.key,
      path: request.path,
      accessLog: blog.config.log_level === "info" || blog.config.log_level === "debug",
      origin: new URL(blog.config.base_url).origin,
      state: { ...this.state, files: [...this.state.files, ...this.declared], expires: Number.isFinite(expires) ? expires : null },
      status: response.status,
      headers: response.headers,
    };
    writePage(this.cacheDir, page, body, maxPages);
  }
}

/** Plugins that log requests themselves: they would never hear of the ones the page cache answers. */
export function requestLoggers(blog: BlogApi): string[] {
  return blog.hooks.logrequest.taps.map((tap) => tap.name).filter((name) => name !== ACCESS_LOGGER);
}

/** Blossom itself (this bundle), config.yaml, the plugin modules from outside Blossom, and every template. */
function sourceFiles(blog: Blog): FileStamp[] {
  const { config } = blog;
  const plugins = externalPluginFiles(config.plugins, config.root);
  return [runningCode(), stampOf(config.file), ...plugins.map(stampOf), ...stampTree(blog.flavours.directories())];
}
