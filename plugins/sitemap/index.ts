import { definePlugin, STAGE, type BlogResponse } from "../../core";
import { probes, sitemapPages } from "./pages";
import { robotsFile, robotsTxt } from "./robots";
import { sitemapFiles } from "./xml";

const NAME = "sitemap";
const ROBOTS_PATH = "/robots.txt";

/**
 * `/sitemap.xml` (sitemaps.org protocol) listing the front page, every category and every entry with its
 * lastmod, plus the pages other plugins declare for the static render; and `/robots.txt` pointing at it. Both are
 * answered in `handle`, and `blossom render` writes them because they are added to `staticrenderFilelist`.
 */
export default definePlugin({
  name: NAME,
  description: "sitemap.xml of every entry and index page, and a robots.txt that points at it",
  options: (z) =>
    z.strictObject({
      path: z
        .string()
        .regex(/^\/[^?#\s]*\.xml$/, { error: 'a path under the mount ending in .xml, such as "/sitemap.xml"' })
        .default("/sitemap.xml")
        .meta({ description: "Where the sitemap is served, under the blog's mount." }),
      robots: z
        .boolean()
        .default(true)
        .meta({ description: "Serve /robots.txt with a Sitemap: line (only when the blog is at the root of its host)." }),
      pages_from_plugins: z
        .boolean()
        .default(true)
        .meta({ description: "Also list the html pages other plugins add to the static render (tag pages, for instance)." }),
      exclude: z
        .array(z.string().refine(isRegExp, { error: "a JavaScript regular expression" }))
        .default([])
        .meta({ description: 'Regular expressions; a page whose path (under the mount) matches one is left out, e.g. "/page/[0-9]+/$".' }),
    }),
  apply(blog, options) {
    const exclude = options.exclude.map((source) => new RegExp(source));
    const servesRobots = options.robots && blog.config.mount === "";
    const stem = options.path.slice(0, -".xml".length);
    const mayBeSitemap = (path: string): boolean => path === options.path || (path.startsWith(`${stem}-`) && path.endsWith(".xml"));
    // The files change only when the visible entries do (pages other plugins declare derive from them too).
    let cache: { key: string; files: Promise<Map<string, string>> } | undefined;
    const files = (now: number, drafts: boolean): Promise<Map<string, string>> => {
      const key = blog.entries.visibleKey(now, { drafts, future: blog.config.show_future_entries });
      if (cache?.key !== key) {
        const built = sitemapPages(blog, { now, drafts, fromPlugins: options.pages_from_plugins, exclude }).then((pages) =>
          sitemapFiles(pages, options.path, (path) => blog.urls.absolute(path)),
        );
        cache = { key, files: built };
        built.catch(() => {
          if (cache?.files === built) cache = undefined;
        });
      }
      return cache.files;
    };

    blog.hooks.handle.tapPromise({ name: NAME, stage: STAGE.DEFAULT }, async (ctx) => {
      const { method, path } = ctx.request;
      if (method !== "GET") return undefined;
      if (path === ROBOTS_PATH && servesRobots) {
        ctx.dependsOn(robotsFile(blog.config.static_dir));
        return text("text/plain; charset=utf-8", await robotsTxt(blog.config.static_dir, blog.urls.absolute(options.path)));
      }
      if (!mayBeSitemap(path)) return undefined;
      const xml = (await files(ctx.now.getTime(), ctx.drafts)).get(path);
      return xml === undefined ? undefined : text("application/xml; charset=utf-8", xml);
    });

    blog.hooks.staticrenderFilelist.tapPromise(NAME, async (urls, info) => {
      if (probes.has(info)) return urls;
      // No dependsOn: the sitemap lists every entry, so any change re-renders it.
      const added = [...(await files(info.now?.getTime() ?? Date.now(), info.drafts)).keys()].map((path) => ({ path }));
      if (servesRobots) added.push({ path: ROBOTS_PATH });
      return [...urls, ...added];
    });

    blog.hooks.verifyInstallation.tap(NAME, (report) => {
      report.ok(`sitemap at ${blog.urls.absolute(options.path)}`);
      if (options.robots && !servesRobots) {
        report.warn(
          `the blog is mounted at ${blog.config.mount}/, and crawlers read robots.txt only at the root of a host: ` +
            `add "Sitemap: ${blog.urls.absolute(options.path)}" to that robots.txt yourself`,
        );
      }
    });
  },
});

function text(contentType: string, body: string): BlogResponse {
  return { status: 200, headers: { "Content-Type": contentType }, body };
}

function isRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
