import { escapeHtml } from "../../core";

/** One item of the numbered links: a page, or a gap ("…") standing for the pages left out. */
export type PageLink = {
  readonly number: number;
  readonly url: string;
  readonly current: boolean;
  readonly gap: boolean;
};

/** The `pagination` template variable. URLs carry the mount; prev_url/next_url are "" at the ends. */
export type Pagination = {
  readonly page: number;
  readonly pages: number;
  readonly total: number;
  readonly per_page: number;
  readonly prev_url: string;
  readonly next_url: string;
  readonly first_url: string;
  readonly last_url: string;
  readonly links: readonly PageLink[];
};

/**
 * The numbered links around `page`: the first and last page, `window` pages either side of the current one, and
 * a gap for each run of pages left out. A gap never stands for a single page (that page is shown instead).
 */
export function pageNumbers(page: number, pages: number, window: number): (number | "gap")[] {
  const shown = new Set<number>([1, pages]);
  for (let n = Math.max(1, page - window); n <= Math.min(pages, page + window); n++) shown.add(n);
  const sorted = [...shown].sort((a, b) => a - b);
  const out: (number | "gap")[] = [];
  for (const n of sorted) {
    const previous = out.at(-1);
    if (typeof previous === "number" && n - previous === 2) out.push(n - 1);
    else if (typeof previous === "number" && n - previous > 2) out.push("gap");
    out.push(n);
  }
  return out;
}

export function buildPagination(
  page: number,
  pages: number,
  total: number,
  perPage: number,
  window: number,
  urlOf: (n: number) => string,
): Pagination {
  return {
    page,
    pages,
    total,
    per_page: perPage,
    prev_url: page > 1 ? urlOf(page - 1) : "",
    next_url: page < pages ? urlOf(page + 1) : "",
    first_url: urlOf(1),
    last_url: urlOf(pages),
    links: pageNumbers(page, pages, window).map((n) =>
      n === "gap" ? { number: 0, url: "", current: false, gap: true } : { number: n, url: urlOf(n), current: n === page, gap: false },
    ),
  };
}

export interface NavigationText {
  readonly previous: string;
  readonly next: string;
  /** With "{page}" and "{pages}", e.g. "Page {page}": the accessible name of each numbered link. */
  readonly pageLabel: string;
}

export function pageLabel(format: string, page: number, pages: number): string {
  return format.replaceAll("{page}", String(page)).replaceAll("{pages}", String(pages));
}

/**
 * `<ul>` of previous, numbered and next links (the flavour wraps it in its own `<nav>`); the current page is a
 * `<span aria-current="page">`. "" when there is only one page.
 */
export function navigationHtml(p: Pagination, text: NavigationText): string {
  if (p.pages <= 1) return "";
  const items: string[] = [];
  if (p.prev_url) items.push(`<li><a href="${escapeHtml(p.prev_url)}" rel="prev">${escapeHtml(text.previous)}</a></li>`);
  for (const link of p.links) {
    if (link.gap) {
      items.push(`<li><span class="page-gap">…</span></li>`);
      continue;
    }
    const label = escapeHtml(pageLabel(text.pageLabel, link.number, p.pages));
    items.push(
      link.current
        ? `<li><span aria-current="page">${link.number}</span></li>`
        : `<li><a href="${escapeHtml(link.url)}" aria-label="${label}">${link.number}</a></li>`,
    );
  }
  if (p.next_url) items.push(`<li><a href="${escapeHtml(p.next_url)}" rel="next">${escapeHtml(text.next)}</a></li>`);
  return `<ul class="pagination">\n${items.join("\n")}\n</ul>`;
}
