import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { BlogResponse } from "../../core/context";
import { readSweptAt, SWEEP_FILE } from "../../core/entries/index-file";
import { unchanged, type FileStamp } from "../../core/file-stamps";
import { writeCacheFile } from "../../core/json-cache";
import { quickHash } from "../../core/quick-hash";
import type { CgiEnvironment } from "./environment";

/*
 * The CGI page cache: the answers to GET requests, kept on disk, so that a request for a page nothing has
 * changed since is answered before Blossom itself loads (cached-answer.ts), for little more than Node's start-up.
 * It behaves as an HTTP cache in front of the blog would, with a validation of its own instead of max-age: a
 * page is answered from the cache only while everything it was built from is as it was then (see PageState).
 * This module is loaded on every CGI request, so it imports nothing of Blossom beyond a few small modules.
 */

/** What a cached page was built from, checked on every use. */
export interface PageState {
  /** The entry index's state, which index-swept.json must still name (any change to the entries changes it). */
  readonly index: string;
  readonly datadir: string;
  /** Each category folder ("" for datadir) and its mtime when the index was checked: an added, removed or renamed entry moves one. */
  readonly folders: ReadonlyArray<readonly [string, number]>;
  /** The cgi plugin's sweep_after_ms: once a sweep (to see edits in place) is due, Blossom answers, and sweeps. */
  readonly sweepAfterMs: number;
  /** Everything else: the index file, Blossom, config.yaml, the plugin modules, every template, files declared with ctx.dependsOn. */
  readonly files: readonly FileStamp[];
  /** When the page goes stale by time alone (an entry's date comes, a max-age runs out), ms; null: never. */
  readonly expires: number | null;
}

/** A cached page's header line. */
export interface PageMeta {
  readonly version: typeof FORMAT_VERSION;
  /** The whole request key: a file name is its hash, and two keys may share one. */
  readonly key: string;
  /** The request's path under the mount, for the access line. */
  readonly path: string;
  /** Whether the access line is logged (log_level info or debug). */
  readonly accessLog: boolean;
  /** base_url's origin, which makes a Location header absolute (formatCgiResponse). */
  readonly origin: string;
  readonly state: PageState;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface CachedPage {
  readonly meta: PageMeta;
  readonly body: Buffer;
}

const FORMAT_VERSION = 1;
const PAGES_FOLDER = "pages";
const PAGE_EXT = ".page";
/** The CGI variables a request's answer is decided by, besides its headers (see cacheLifetime on Vary). */
const KEY_VARIABLES = ["SCRIPT_NAME", "PATH_INFO", "REQUEST_URI", "DOCUMENT_URI", "QUERY_STRING"] as const;

/**
 * The cache key of a request, or undefined when its answer is never cached: only GET and HEAD without a body
 * are (HEAD is answered from GET's page). The key is the config file and the variables the URL comes from.
 */
export function pageKey(env: CgiEnvironment, configFile: string): string | undefined {
  const method = env.REQUEST_METHOD;
  if (method !== "GET" && method !== "HEAD") return undefined;
  if (env.CONTENT_LENGTH !== undefined && env.CONTENT_LENGTH !== "" && env.CONTENT_LENGTH !== "0") return undefined;
  return JSON.stringify([configFile, ...KEY_VARIABLES.map((name) => env[name] ?? null)]);
}

/**
 * The file a key's page is kept in. quickHash is not collision-proof against chosen input, so the file holds the
 * whole key as well: two URLs that collide merely take turns in the file.
 */
export function pageFile(cacheDir: string, key: string): string {
  return join(cacheDir, PAGES_FOLDER, quickHash(key) + PAGE_EXT);
}

/** The page kept for `key`, if any: the header line (JSON), then the body's bytes. */
export function readPage(file: string, key: string): CachedPage | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const newline = bytes.indexOf(10);
  if (newline < 0) return undefined;
  try {
    const meta = JSON.parse(bytes.toString("utf8", 0, newline)) as PageMeta;
    const whole = meta.version === FORMAT_VERSION && meta.key === key && typeof meta.status === "number" && typeof meta.headers === "object";
    return whole ? { meta, body: bytes.subarray(newline + 1) } : undefined;
  } catch {
    return undefined; // a file from elsewhere, or damaged: a miss
  }
}

/** Whether the blog is still as the page was built from: a few stats, no entry read. */
export function isCurrent(state: PageState, cacheDir: string, now: number): boolean {
  if (state.expires !== null && now >= state.expires) return false;
  if (now - readSweptAt(join(cacheDir, SWEEP_FILE), state.index) > state.sweepAfterMs) return false;
  for (const [folder, mtime] of state.folders) {
    const path = folder ? join(state.datadir, folder) : state.datadir;
    if (statSync(path, { throwIfNoEntry: false })?.mtimeMs !== mtime) return false;
  }
  return unchanged(state.files);
}

/** Keeps a page; at most `maxPages` are kept, the least recently written going first. */
export function writePage(cacheDir: string, page: Omit<PageMeta, "version">, body: Buffer, maxPages: number): void {
  const meta: PageMeta = { version: FORMAT_VERSION, ...page };
  const file = pageFile(cacheDir, meta.key);
  if (writeCacheFile(file, Buffer.concat([Buffer.from(`${JSON.stringify(meta)}\n`), body]))) prunePages(join(cacheDir, PAGES_FOLDER), maxPages);
}

/**
 * Removes the oldest pages once there are more than `maxPages`, down to nine tenths of it (so the next few
 * writes do not each prune again). Query strings are the reader's to choose, so without a bound a crawler could
 * fill the disk.
 */
function prunePages(dir: string, maxPages: number): void {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(PAGE_EXT));
  } catch {
    return;
  }
  if (names.length <= maxPages) return;
  const aged = names.map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }));
  aged.sort((a, b) => a.mtime - b.mtime);
  for (const page of aged.slice(0, names.length - Math.floor(maxPages * 0.9))) rmSync(page.path, { force: true });
}

/**
 * How long an HTTP cache may keep a 200 answer (RFC 9111 §3 and §4.2.1), in ms: Infinity when the response sets
 * no limit (the page then lasts until something it was built from changes), undefined when it must not be kept.
 * `Cache-Control: no-cache` is kept: it asks for a check before each use, which is what isCurrent does.
 */
export function cacheLifetime(response: BlogResponse, now: number): number | undefined {
  let maxAge: number | undefined;
  let sharedMaxAge: number | undefined;
  let expires: number | undefined;
  for (const [name, value] of Object.entries(response.headers)) {
    const header = name.toLowerCase();
    // Set-Cookie belongs to one reader; Vary means the answer depends on request headers the key leaves out.
    if (header === "set-cookie" || header === "vary") return undefined;
    if (header === "expires") {
      const at = Date.parse(value);
      expires = Number.isNaN(at) ? 0 : at - now; // an invalid date means already expired (§5.3)
    }
    if (header !== "cache-control") continue;
    for (const directive of value.toLowerCase().split(",")) {
      const [word = "", argument = ""] = directive.trim().split("=");
      if (word === "no-store" || word === "private") return undefined;
      if (word !== "max-age" && word !== "s-maxage") continue;
      const seconds = Number(argument.replace(/"/g, ""));
      // A value that is not a number of seconds is taken as stale (RFC 9111 §4.2.1): keep nothing.
      const ms = argument !== "" && Number.isInteger(seconds) && seconds >= 0 ? seconds * 1000 : 0;
      if (word === "s-maxage") sharedMaxAge = ms;
      else maxAge = ms;
    }
  }
  // A shared cache's own limit first, then max-age, then Expires (§4.2.1).
  const lifetime = sharedMaxAge ?? maxAge ?? expires ?? Infinity;
  return lifetime > 0 ? lifetime : undefined;
}
