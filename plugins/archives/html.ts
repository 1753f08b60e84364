import { escapeHtml } from "../../core";

/** A month as templates and the HTML see it (a type, not an interface, so it is a TemplateValue). */
export type MonthItem = {
  readonly year: string;
  readonly month: string;
  /** "May", in the blog's language. */
  readonly month_name: string;
  /** "May 2025", in the blog's language. */
  readonly label: string;
  readonly count: number;
  readonly url: string;
  readonly current: boolean;
};

export type YearItem = {
  readonly year: string;
  readonly count: number;
  readonly url: string;
  readonly current: boolean;
  readonly months: readonly MonthItem[];
};

export type ArchiveFormat = "nested" | "months" | "years";

function item(text: string, url: string, count: number, nested = ""): string {
  return `<li><a href="${escapeHtml(url)}">${escapeHtml(text)}</a> <span class="count">(${count})</span>${nested}</li>`;
}

function list(items: readonly string[], className?: string): string {
  return `<ul${className ? ` class="${className}"` : ""}>\n${items.join("\n")}\n</ul>`;
}

/**
 * The archive list: years with their months nested, months alone ("May 2025"), or years alone. The same for every
 * page, so it is built once; `markCurrent` flags the page's own link.
 */
export function archivesHtml(years: readonly YearItem[], format: ArchiveFormat): string {
  if (years.length === 0) return "";
  if (format === "months") {
    return list(years.flatMap((y) => y.months.map((m) => item(m.label, m.url, m.count))), "archives");
  }
  return list(
    years.map((y) => {
      const months = format === "nested" ? `\n${list(y.months.map((m) => item(m.month_name, m.url, m.count)))}` : "";
      return item(y.year, y.url, y.count, months);
    }),
    "archives",
  );
}

/** The months of one year page, each linking to its month page. */
export function yearSummaryHtml(months: readonly MonthItem[]): string {
  return months.length ? list(months.map((m) => item(m.month_name, m.url, m.count)), "year-summary") : "";
}

/** Adds `aria-current="page"` to the link to `url` (each archive's link is the only one with its href). */
export function markCurrent(html: string, url: string): string {
  const href = `<a href="${escapeHtml(url)}">`;
  const at = html.indexOf(href);
  return at < 0 ? html : `${html.slice(0, at + href.length - 1)} aria-current="page"${html.slice(at + href.length - 1)}`;
}
