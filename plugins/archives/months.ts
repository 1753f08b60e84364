import { dateParts, type EntryRecord } from "../../core";

/** How many entries one month holds. */
export interface MonthCount {
  /** "2025" */
  readonly year: string;
  /** "01".."12" */
  readonly month: string;
  readonly count: number;
}

/** How many entries one year holds, and its months (newest first). */
export interface YearCount {
  readonly year: string;
  readonly count: number;
  readonly months: readonly MonthCount[];
}

/** The largest jump a zone's UTC offset has made within a month (Samoa skipped a day in 2011), with room to spare. */
const OFFSET_CHANGE_BOUND = 2 * 86_400_000;

/**
 * The month of `ms` in the zone, and the span [from, to] of instants surely in it. Asking Intl for a date's parts
 * is the costly part of counting, so one answer serves every instant from the month's start (known from the
 * wall-clock time elapsed since the 1st, give or take an offset change) up to `ms`.
 */
function monthAround(ms: number, timeZone: string): { key: string; from: number; to: number } {
  const p = dateParts(ms, timeZone);
  const wallClockSinceStart = (((Number(p.da) - 1) * 24 + Number(p.hr)) * 60 + Number(p.min)) * 60_000 + Number(p.sec) * 1000;
  return { key: `${p.yr}-${p.mo_num}`, from: ms - wallClockSinceStart + OFFSET_CHANGE_BOUND, to: ms };
}

/**
 * Entries per month in the blog's time zone, newest month first, for the records in `category` and below ("" is
 * the whole blog). Records come newest first (as the index lists them), so most share the month of the one
 * before and Intl is asked about once a month; any order still counts right.
 */
export function countMonths(records: readonly EntryRecord[], category: string, timeZone: string): MonthCount[] {
  const prefix = `${category}/`;
  const counts = new Map<string, number>();
  let month: { key: string; from: number; to: number } | undefined;
  for (const record of records) {
    if (category && record.category !== category && !record.category.startsWith(prefix)) continue;
    if (!month || record.date < month.from || record.date > month.to) month = monthAround(record.date, timeZone);
    counts.set(month.key, (counts.get(month.key) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([key, count]) => ({ year: key.slice(0, 4), month: key.slice(5), count }));
}

/** The months grouped by year, newest first. */
export function groupByYear(months: readonly MonthCount[]): YearCount[] {
  const years: { year: string; count: number; months: MonthCount[] }[] = [];
  for (const month of months) {
    let year = years.at(-1);
    if (year?.year !== month.year) years.push((year = { year: month.year, count: 0, months: [] }));
    year.count += month.count;
    year.months.push(month);
  }
  return years;
}
