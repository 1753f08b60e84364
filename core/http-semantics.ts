import type { BlogResponse } from "./context";

/**
 * What HTTP (RFC 9110) says about answering GET and HEAD: preconditions (whether a request gets 304 Not
 * Modified, and what that 304 is) and HEAD's body-less answer. Shared by the core, the conditionalhttp plugin
 * and the CGI page cache, which answers conditional requests itself as an HTTP cache holding the page would
 * (RFC 9111 §4.3.2), so a cached answer is byte for byte the one Blossom would give.
 */

/** Headers a 304 keeps (RFC 9110 §15.4.5) besides those that are not about the representation. */
const REPRESENTATION_HEADER = /^content-/i;

/** One entity tag of an If-None-Match list. */
export interface EntityTag {
  /** The quoted opaque part, quotes included: `"abc"`. */
  readonly opaque: string;
  readonly weak: boolean;
}

/**
 * Parses If-None-Match: `*`, or a comma-separated list of `"tag"` / `W/"tag"`. Lenient like most servers: an
 * unquoted token counts as if it were quoted (PyBlosxom accepted both), and anything unreadable is skipped.
 */
export function parseEntityTags(header: string): "*" | EntityTag[] {
  if (header.trim() === "*") return "*";
  const tags: EntityTag[] = [];
  for (const match of header.matchAll(/(W\/)?("[^"]*"|[^\s,"]+)/g)) {
    const raw = match[2]!;
    tags.push({ weak: match[1] !== undefined, opaque: raw.startsWith('"') ? raw : `"${raw}"` });
  }
  return tags;
}

/** Weak comparison (RFC 9110 §8.8.3.2): the opaque parts are equal, whether either tag is weak or not. */
export function weakMatch(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}

export function parseEntityTag(value: string): EntityTag {
  const weak = value.startsWith("W/");
  const raw = weak ? value.slice(2) : value;
  return { weak, opaque: raw.startsWith('"') ? raw : `"${raw}"` };
}

/** The validators of the representation a 200 would send. */
export interface Validators {
  /** The ETag header value, e.g. `"abc"` or `W/"abc"`; undefined when there is none. */
  readonly etag: string | undefined;
  /** Last modification, ms since the epoch (compared at one-second precision, as HTTP dates have). */
  readonly lastModified: number;
}

/**
 * Whether a GET/HEAD with these request headers (lower-case names) gets 304 Not Modified. If-None-Match
 * decides when present; only without it is If-Modified-Since looked at, and then only when it is a date.
 */
export function isNotModified(headers: Readonly<Record<string, string>>, validators: Validators): boolean {
  const ifNoneMatch = headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    const tags = parseEntityTags(ifNoneMatch);
    if (tags === "*") return true; // the representation exists: that is all "*" asks
    if (validators.etag === undefined) return false;
    const current = parseEntityTag(validators.etag);
    return tags.some((tag) => weakMatch(tag, current));
  }
  const ifModifiedSince = headers["if-modified-since"];
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  if (Number.isNaN(since)) return false; // not a date: the field is ignored
  return Math.floor(validators.lastModified / 1000) * 1000 <= since;
}

/** Turns a 200 into its 304: no body, no representation headers except the length the 200 would have had. */
export function notModified(response: BlogResponse): void {
  const length = typeof response.body === "string" ? Buffer.byteLength(response.body) : response.body.length;
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (!REPRESENTATION_HEADER.test(name) || /^content-location$/i.test(name)) kept[name] = value;
  }
  // RFC 9110 §8.6 allows Content-Length on a 304 only with the 200's value; transports that default it to the
  // body's length (0) would otherwise send a wrong one.
  kept["Content-Length"] = String(length);
  response.status = 304;
  response.headers = kept;
  response.body = "";
}

/**
 * Answers a conditional GET or HEAD: turns `response`, a 200, into its 304 when the request's If-None-Match
 * (or If-Modified-Since) shows the client's copy is current. The validators are the response's own ETag and
 * Last-Modified headers; a response with neither stays a 200.
 */
export function answerConditionally(requestHeaders: Readonly<Record<string, string>>, response: BlogResponse): void {
  const headers = response.headers;
  const etag = headers[headerName(headers, "ETag")];
  const lastModifiedText = headers[headerName(headers, "Last-Modified")];
  if (etag === undefined && lastModifiedText === undefined) return;
  const lastModified = lastModifiedText === undefined ? Number.NaN : Date.parse(lastModifiedText);
  if (isNotModified(requestHeaders, { etag, lastModified: Number.isNaN(lastModified) ? Infinity : lastModified })) notModified(response);
}

/** The key under which `headers` holds `name` in any letter case, else `name` itself. */
export function headerName(headers: Record<string, string>, name: string): string {
  const lower = name.toLowerCase();
  return Object.keys(headers).find((key) => key.toLowerCase() === lower) ?? name;
}

/** The answer to HEAD: the GET answer's status and headers, no body, and the length the body would have had. */
export function headResponse(response: BlogResponse): BlogResponse {
  // A Content-Length a tap already set stays (a 304 carries the length of the 200 it stands for).
  const length = response.headers["Content-Length"] ?? String(typeof response.body === "string" ? Buffer.byteLength(response.body) : response.body.length);
  return { ...response, body: "", headers: { ...response.headers, "Content-Length": length } };
}
