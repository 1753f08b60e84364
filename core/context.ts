import type { AwilixContainer } from "awilix";
import type { BlogApi } from "./plugin";
import type { Cradle } from "./container";
import type { Entry, EntryRecord } from "./entries/entry";
import type { Logger } from "./logger";
import type { Renderer } from "./render/renderer";
import type { TemplateVars } from "./render/template-vars";

/** A request as every transport hands it to the core: no sockets, no server objects. */
export interface BlogRequest {
  /** Upper-case method: GET, HEAD, POST, ... */
  readonly method: string;
  /** The decoded path under the blog's mount, always starting with "/" (CGI's PATH_INFO). */
  readonly path: string;
  /** Query parameters; the first value of a repeated name wins. */
  readonly query: Readonly<Record<string, string>>;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly remoteAddress: string;
}

export interface BlogResponse {
  status: number;
  /** Header names as they are to be sent (e.g. "Content-Type"). */
  headers: Record<string, string>;
  body: string | Buffer;
}

/** What the URL asked for, as the `pathinfo` hook decided it (PyBlosxom's bl_type, pi_bl, pi_yr, ...). */
export interface PathInfo {
  /** "index": a list of entries (front page, category, date archive). "entry": one entry. */
  readonly kind: "index" | "entry";
  /** Category path without leading or trailing slash; "" is the whole blog. */
  readonly category: string;
  readonly year?: string;
  /** Two-digit month, "01".."12". */
  readonly month?: string;
  readonly day?: string;
  /** For kind "entry": the entry id (its file path without extension, e.g. "cat/first-post"). */
  readonly entryId?: string;
  readonly flavour: string;
  /** Whether `num_entries` applies (front page and categories, not dates or single entries). */
  readonly truncate: boolean;
  /** The canonical path of this page under the mount, e.g. "/cat/2004/05/" or "/cat/entry.html". */
  readonly canonicalPath: string;
}

/** An error page's content, rendered in the error flavour. */
export interface ErrorContent {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly message: string;
}

/**
 * Per-request state, PyBlosxom's `data` dict, typed. Plugins add fields of their own by declaration merging:
 * `declare module "blossom" { interface RequestData { myThing?: X } }`.
 */
export interface RequestData {
  pathInfo?: PathInfo;
  /** The flavour to render with; set from `pathInfo`. */
  flavour?: string;
  /** The candidate entries after filelist, sortlist and truncatelist (PyBlosxom's entry_list, unparsed). */
  records?: readonly EntryRecord[];
  /** The entries to render, with their bodies (available from `prepare` on). */
  entries?: Entry[];
  renderer?: Renderer;
  /** Set to render an error page instead of the entries. */
  error?: ErrorContent;
}

/** How to run one request; the static renderer fixes `now` so every page of a render agrees. */
export interface HandleOptions {
  readonly now?: Date;
  readonly isStatic?: boolean;
  readonly drafts?: boolean;
  /** Told of each file the response depends on (see RequestContext.dependsOn): the CGI page cache listens. */
  readonly onDependency?: (file: string) => void;
}

/** The one argument every request hook gets. */
export interface RequestContext {
  /**
   * The request. Taps of `start`, or of `pathinfo` at STAGE.EARLY, may replace it with a rewritten copy
   * (paginate strips "/page/2/" this way) before the default path-info runs.
   */
  request: BlogRequest;
  readonly blog: BlogApi;
  /** The awilix scope of this request; disposed when the request ends. */
  readonly scope: AwilixContainer<Cradle>;
  readonly log: Logger;
  /** Frozen at the start of the request, so one request sees one "now". */
  readonly now: Date;
  /** True when the static renderer is running the request. */
  readonly isStatic: boolean;
  /** Whether `#draft` entries are listed (only `blossom render --drafts`). */
  readonly drafts: boolean;
  readonly data: RequestData;
  /** Page-level template variables that plugins add (category lists, tag clouds, ...). */
  readonly vars: TemplateVars;
  /** Headers any hook may add; merged into the final response. */
  readonly headers: Record<string, string>;
  /**
   * Declares that the response is built from this file too, besides the entries, config.yaml, the plugins and
   * the templates (a static file, a file of comments). A cached copy of the page (the CGI page cache) is then
   * dropped when the file changes. Call it before reading the file; a file that does not exist yet counts too.
   */
  dependsOn(file: string): void;
}
