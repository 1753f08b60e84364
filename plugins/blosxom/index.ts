import { asValue } from "awilix";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { definePlugin, STAGE } from "../../core";
import { parseDate } from "../../core/dates";
import { accessLine } from "../../core/logger";
import { defaultFileList, newestFirst, truncate } from "./filelist";
import { blosxomHandler } from "./handler";
import { parsePathInfo } from "./pathinfo";
import { FlavourRenderer } from "./renderer";
import { serveStatic } from "./static-files";
import { parseTxt } from "./txt-parser";

const NAME = "blosxom";

/**
 * Blosxom's default behaviour for every hook, tapped at STAGE.FALLBACK through the same API any plugin uses:
 * a plugin that answers a handler hook earlier replaces the default; one that returns undefined lets it run.
 * Always loaded.
 */
export default definePlugin({
  name: NAME,
  description: "Blosxom/PyBlosxom default behaviour: .txt entries, URL rules, file list, sorting, mustache flavours",
  apply(blog) {
    const { hooks, config, log } = blog;
    const fallback = { name: NAME, stage: STAGE.FALLBACK };
    blog.container.register("renderer", asValue(new FlavourRenderer()));

    hooks.entryparser.tap(fallback, (parsers) => (parsers.txt ? parsers : { ...parsers, txt: parseTxt }));
    hooks.filestat.tap(fallback, (stat) => {
      if (stat.date !== undefined || stat.meta.date === undefined) return stat;
      const date = parseDate(stat.meta.date, config.timezone);
      if (date === undefined) log.warn(`${stat.file}: #date "${stat.meta.date}" is not an ISO 8601 date; using the file's mtime`);
      return { ...stat, date };
    });
    hooks.preformat.tap(fallback, ({ body }) => body);

    hooks.handle.tapPromise({ name: NAME, stage: STAGE.EARLY }, async (ctx) => serveStatic(ctx));
    hooks.handle.tapPromise(fallback, async (ctx) => blosxomHandler(ctx));
    hooks.renderer.tap(fallback, (ctx) => ctx.scope.resolve("renderer"));
    hooks.pathinfo.tap(fallback, (ctx) => parsePathInfo(ctx));
    hooks.filelist.tap(fallback, (ctx) => defaultFileList(ctx));
    hooks.sortlist.tap(fallback, (records) => newestFirst(records));
    hooks.truncatelist.tap(fallback, (records, ctx) => truncate(records, ctx));
    hooks.logrequest.tap(fallback, (record, ctx) => ctx.log.info(accessLine(record)));

    hooks.verifyInstallation.tap(NAME, (report) => {
      if (existsSync(config.datadir)) report.ok(`entries folder ${config.datadir} (${blog.entries.size} entries)`);
      else report.fail(`entries folder ${config.datadir} does not exist; create it or set datadir`);
      if (!blog.flavours.get(config.default_flavour)) report.fail(`default_flavour "${config.default_flavour}" does not exist`);
      else report.ok(`flavours: ${blog.flavours.names().join(", ")}`);
      if (!existsSync(config.static_dir)) report.warn(`static_dir ${config.static_dir} does not exist; nothing is served at ${config.mount}/static/`);
      else if (!existsSync(join(config.static_dir, "blossom.css")))
        report.warn(`the html flavour links ${config.mount}/static/blossom.css, which is not in ${config.static_dir}; copy it from Blossom's sample-blog/static/`);
    });
  },
});
