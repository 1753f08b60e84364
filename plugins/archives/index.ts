import { definePlugin, type EntryView } from "../../core";
import { archivesHtml, markCurrent, yearSummaryHtml, type MonthItem, type YearItem } from "./html";
import { countMonths, groupByYear, type MonthCount } from "./months";
import { MonthNames } from "./names";

const NAME = "archives";

/**
 * Month and year archive lists with entry counts (`archives`, `archive_years`, `archives_html`) on every page,
 * linking to the core's date URLs; on a year page (/2025/, /tech/2025/) a summary of its months
 * (`year_summary`, `year_summary_html`). Counts come from the shared entry index, recomputed only when the
 * visible entries change.
 */
export default definePlugin({
  name: NAME,
  description: "Month and year archives with counts, and month summaries on year pages: {{{archives_html}}}",
  options: (z) =>
    z.strictObject({
      format: z
        .enum(["nested", "months", "years"])
        .default("nested")
        .meta({ description: "archives_html: years with their months nested, months alone, or years alone" }),
      year_summary: z.boolean().default(true).meta({ description: "Set year_summary and year_summary_html on year pages" }),
    }),
  apply(blog, options) {
    const names = new MonthNames(blog.config.language);
    const { urls } = blog;
    const monthItem = (m: MonthCount, category: string): MonthItem => {
      const { name, label } = names.get(m.year, m.month);
      const url = urls.link(urls.datePath({ yr: m.year, mo_num: m.month }, category));
      return { year: m.year, month: m.month, month_name: name, label, count: m.count, url, current: false };
    };
    // Both are kept on disk too: a CGI request reads the lists instead of counting every entry.
    const counts = (view: EntryView, category: string): readonly MonthCount[] =>
      blog.derived.get(`${NAME}:months:${category}`, view, (records) => countMonths(records, category, blog.config.timezone), { persist: true });
    const archive = (view: EntryView) =>
      blog.derived.get(`${NAME}:list`, view, () => archiveLists(counts(view, "")), { persist: true });
    const archiveLists = (all: readonly MonthCount[]) => {
      const years: YearItem[] = groupByYear(all).map((y) => ({
        year: y.year,
        count: y.count,
        url: urls.link(urls.datePath({ yr: y.year })),
        current: false,
        months: y.months.map((m) => monthItem(m, "")),
      }));
      return { years, months: years.flatMap((y) => y.months), html: archivesHtml(years, options.format) };
    };

    blog.hooks.prepare.tap(NAME, (ctx) => {
      const value = archive(ctx);
      const pi = ctx.data.pathInfo;
      // The page is a blog-wide year or month archive (any page of it, in any flavour).
      const shown = pi?.kind === "index" && pi.category === "" && pi.year !== undefined && pi.day === undefined ? pi : undefined;
      const isCurrent = (item: { year: string; month?: string }): boolean =>
        shown !== undefined && item.year === shown.year && item.month === shown.month;
      let { years, months, html } = value;
      const current = shown && (years.find(isCurrent) ?? months.find(isCurrent));
      if (current) {
        const mark = <T extends { year: string; month?: string }>(item: T): T => (isCurrent(item) ? { ...item, current: true } : item);
        years = years.map((y) => (y.year === current.year ? { ...mark(y), months: y.months.map(mark) } : y));
        months = years.flatMap((y) => y.months);
        html = markCurrent(html, current.url);
      }
      ctx.vars.archive_years = years;
      ctx.vars.archives = months;
      ctx.vars.archives_html = html;

      if (options.year_summary && pi?.kind === "index" && pi.year && !pi.month) {
        const months = counts(ctx, pi.category)
          .filter((m) => m.year === pi.year)
          .map((m) => monthItem(m, pi.category));
        ctx.vars.year_summary = months;
        ctx.vars.year_summary_html = yearSummaryHtml(months);
      }
    });

    // The archive list is on every page: tell an incremental `blossom render` what it holds, so pages are
    // re-rendered only when a month's count changes. (Year pages list their own entries, so they are refreshed anyway.)
    blog.hooks.staticrenderFilelist.tap(NAME, (list, info) => {
      const all = counts({ now: info.now ?? new Date(), drafts: info.drafts }, "");
      info.addSiteInput?.(NAME, JSON.stringify(all.map((m) => [m.year, m.month, m.count])));
      return list;
    });
  },
});
