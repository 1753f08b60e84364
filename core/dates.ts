/**
 * Dates in the blog's time zone, with Intl only (no date library): the parts URLs and templates need, and
 * parsing `#date` values that carry no offset as wall-clock time in that zone.
 */
export interface DateParts {
  readonly yr: string;
  /** Two digits, "01".."12". */
  readonly mo_num: string;
  /** English abbreviation, "Jan".."Dec" (fixed, so URLs never depend on a locale). */
  readonly mo: string;
  readonly da: string;
  /** Full English weekday, "Monday". */
  readonly dw: string;
  /** "HH:MM", 24-hour. */
  readonly ti: string;
  readonly hr: string;
  readonly min: string;
  readonly sec: string;
}

export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of `ms` in `timeZone`, asked of Intl (slow: tens of microseconds a call). */
function intlWallClock(ms: number, timeZone: string): [number, number, number, number, number, number] {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) if (part.type !== "literal") fields[part.type] = Number(part.value);
  return [fields.year!, fields.month!, fields.day!, fields.hour!, fields.minute!, fields.second!];
}

let processZone: string | undefined;

/**
 * Runs the whole process in `timeZone` (TZ), so dates in it need no Intl formatter and local-time Date methods
 * agree with the blog. For the `blossom` executable, which serves one blog; not for a process that hosts
 * several blogs, nor where process.env is not the real environment (a jest sandbox).
 */
export function adoptProcessTimeZone(timeZone: string): void {
  process.env.TZ = timeZone;
  processZone = timeZone;
}

/**
 * Offsets change only at transitions, which fall on quarter hours in the time-zone database, so one Intl call
 * per zone and quarter hour serves every date in it; the fields then come from UTC getters.
 */
const QUARTER_HOUR = 15 * 60_000;
const offsetCache = new Map<string, number>();
function cachedOffset(ms: number, timeZone: string): number {
  // UTC (the default) needs no Intl at all: building the first DateTimeFormat costs a CGI request ~25 ms.
  if (timeZone === "UTC") return 0;
  const bucket = Math.floor(ms / QUARTER_HOUR);
  // The process runs in this zone (adoptProcessTimeZone): Date's own offset comes from the same tz data, costs
  // ~20 ms less to start than a DateTimeFormat, and needs no cache.
  if (timeZone === processZone) return -new Date(bucket * QUARTER_HOUR).getTimezoneOffset() * 60_000;
  const key = `${timeZone}\0${bucket}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    const start = bucket * QUARTER_HOUR;
    const [y, m, d, h, mi, s] = intlWallClock(start, timeZone);
    offset = Date.UTC(y, m - 1, d, h, mi, s) - start;
    if (offsetCache.size >= 20_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

function wallClock(ms: number, timeZone: string): [number, number, number, number, number, number] {
  const local = new Date(ms + cachedOffset(ms, timeZone));
  return [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate(), local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()];
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

export function dateParts(ms: number, timeZone: string): DateParts {
  const [y, m, d, h, mi, s] = wallClock(ms, timeZone);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return {
    yr: pad(y, 4),
    mo_num: pad(m),
    mo: MONTHS[m - 1]!,
    da: pad(d),
    dw: WEEKDAYS[weekday]!,
    ti: `${pad(h)}:${pad(mi)}`,
    hr: pad(h),
    min: pad(mi),
    sec: pad(s),
  };
}

/** Offset of `timeZone` from UTC at instant `ms`, in ms (positive east of Greenwich). */
function offsetAt(ms: number, timeZone: string): number {
  const [y, m, d, h, mi, s] = wallClock(ms, timeZone);
  return Date.UTC(y, m - 1, d, h, mi, s) - (ms - (ms % 1000));
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an ISO 8601 date or date-time. Without an offset it is wall-clock time in `timeZone`.
 * Returns undefined for anything else, so a bad `#date` falls back to the file's mtime (and is logged).
 */
export function parseDate(text: string, timeZone: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", zone] = m;
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const asUtc = Date.UTC(...fields);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== fields[1] || check.getUTCDate() !== fields[2] || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) {
    return undefined;
  }
  if (zone) {
    if (zone.toUpperCase() === "Z") return asUtc;
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    return asUtc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  // Wall-clock time: subtract the zone's offset, then correct once for a DST change between the two instants.
  const first = asUtc - offsetAt(asUtc, timeZone);
  return asUtc - offsetAt(first, timeZone);
}

/** "Mon, 21 Jul 2008" in the blog's zone (PyBlosxom's `date`). */
export function longDate(p: DateParts): string {
  return `${p.dw.slice(0, 3)}, ${p.da} ${p.mo} ${p.yr}`;
}

/** W3C/ISO 8601 in UTC: "2008-07-21T16:51:47Z" (feeds). */
export function w3cDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** RFC 822 with seconds and a numeric zone: "Mon, 21 Jul 2008 16:51:47 +0000" (RSS). */
export function rfc822Date(ms: number): string {
  return new Date(ms).toUTCString().replace("GMT", "+0000");
}

/** RFC 9110 HTTP date: "Mon, 21 Jul 2008 16:51:47 GMT" (Last-Modified). */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** "01".."12" for a month given as digits or an English abbreviation in any case; undefined otherwise. */
export function monthNumber(segment: string): string | undefined {
  if (/^(0[1-9]|1[0-2])$/.test(segment)) return segment;
  const index = MONTHS.findIndex((name) => name.toLowerCase() === segment.toLowerCase());
  return index < 0 ? undefined : pad(index + 1);
}

/** Whether a day segment is a real day of that year and month. */
export function isValidDay(year: string, month: string, day: string): boolean {
  if (!/^\d{2}$/.test(day)) return false;
  const d = Number(day);
  return d >= 1 && d <= new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
}
