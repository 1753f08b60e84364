import type { TemplateVars } from "../render/template-vars";

/**
 * What the entry index knows about one entry file without formatting its body. It is plain data, so the
 * index can be cached on disk and shared by worker processes.
 */
export interface EntryRecord {
  /** The entry id: its path under datadir without extension, "/"-separated ("cat/sub/my-post"). */
  readonly id: string;
  /** Path under datadir with extension ("cat/sub/my-post.txt"). */
  readonly file: string;
  /** The extension without the dot ("txt", "md"). */
  readonly ext: string;
  /** Category path, "" at the root ("cat/sub"). */
  readonly category: string;
  /** File name without extension ("my-post"). */
  readonly fn: string;
  readonly title: string;
  /** Metadata from `#key value` lines or front matter; values are strings. */
  readonly meta: Readonly<Record<string, string>>;
  /** File modification time, ms since the epoch. */
  readonly mtime: number;
  /** File size in bytes (part of the change check). */
  readonly size: number;
  /** Publication time, ms since the epoch: `#date` when present, else mtime (see the `filestat` hook). */
  readonly date: number;
  /** True for `#draft` entries; hidden except in `blossom render --drafts`. */
  readonly draft: boolean;
}

/** An entry ready to render: its record plus the formatted HTML body. */
export interface Entry extends EntryRecord {
  readonly body: string;
  /** Variables a parser or `postformat` tap adds for this entry's templates. */
  readonly vars: TemplateVars;
}

/** What an entry parser returns: the title, the metadata and the body still in its source format. */
export interface ParsedEntry {
  title: string;
  meta: Record<string, string>;
  /** The body as written; the `preformat` hook turns it into HTML. */
  body: string;
  /** The preformatter id for this body: `#parser` metadata, else the parser's default ("plain", "markdown"). */
  parser: string;
}

/** Parses one entry file's text. Registered per extension through the `entryparser` hook. */
export type EntryParser = (source: string, file: string) => ParsedEntry;

/** The registry the `entryparser` waterfall threads: extension (no dot) → parser. */
export type EntryParsers = Readonly<Record<string, EntryParser>>;

/** What the `filestat` waterfall threads for each entry file while the index is built. */
export interface FileStat {
  /** Path under datadir with extension. */
  readonly file: string;
  readonly absolutePath: string;
  /** File modification time, ms since the epoch. */
  readonly mtime: number;
  readonly meta: Readonly<Record<string, string>>;
  /** The publication time a tap decided, ms since the epoch; the core uses `mtime` when it stays undefined. */
  readonly date: number | undefined;
}
