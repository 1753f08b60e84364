/**
 * RFC 9110 §13 preconditions for GET and HEAD, as pure functions: what a 304 decision needs and nothing else.
 */

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
  /** The ETag header value, e.g. `"abc"` or `W/"abc"`. */
  readonly etag: string;
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
    const current = parseEntityTag(validators.etag);
    return tags.some((tag) => weakMatch(tag, current));
  }
  const ifModifiedSince = headers["if-modified-since"];
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  if (Number.isNaN(since)) return false; // not a date: the field is ignored
  return Math.floor(validators.lastModified / 1000) * 1000 <= since;
}
