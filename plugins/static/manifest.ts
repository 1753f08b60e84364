import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { EntryRecord, StaticListing } from "../../core";
import { writeFileAtomic } from "./write";

/** The manifest's file name inside the output folder (the server configs refuse to serve it). */
export const MANIFEST_FILE = ".blossom-render.json";

const FORMAT = 3;

/** An entry as the last render saw it: [id, ext, mtime, size, date, draft, its day "YYYY/MM/DD"]. */
export type EntryTuple = [id: string, ext: string, mtime: number, size: number, date: number, draft: 0 | 1, day: string];

/**
 * A page the last render planned that is not the core's alone under one URL (a plugin's page, a core page a
 * plugin also lists, two core pages in one file), as a tuple: its URL path, its file ("" when it is the usual one for the path, see `defaultFile`), the
 * entry ids and the listings it depends on (0 for none; listings as `listingKey` strings), and PAGE flags.
 */
export type PageTuple = [path: string, file: string, ids: readonly string[] | 0, lists: readonly string[] | 0, flags: number];

export const PAGE = {
  /** It depends on every entry (it declared neither ids nor listings). */
  ALL: 1,
  /** The core lists it (too): a plugin listed a URL of the core's, or two of the core's pages share its file. */
  CORE: 8,
} as const;

/** The file a path is written to when it needs no decoding: "/a/" → "a/index.html", "/a/b.rss" → "a/b.rss". */
export function defaultFile(path: string, defaultFlavour: string): string {
  return path.endsWith("/") ? `${path.slice(1)}index.${defaultFlavour}` : path.slice(1);
}

/** A listing as a string: its date digits ("20240517", "202405", "2024" or ""), "|", its category. */
export function listingKey(listing: StaticListing): string {
  return `${listing.year ?? ""}${listing.year ? (listing.month ?? "") : ""}${listing.month ? (listing.day ?? "") : ""}|${listing.category}`;
}

/**
 * Everything a render wrote and the inputs it wrote it from; `--incremental` diffs the next run against it.
 * The core's own pages (front page, categories, dates, entries) are only listed by file: what they show follows
 * from their place, so an incremental run works out the few a change touches from the changed entries alone.
 */
export interface Manifest {
  readonly format: number;
  readonly generator: string;
  /** Fingerprints of what every page depends on; a different one re-renders everything. */
  readonly keys: Readonly<Record<string, string>>;
  /** The `addSiteInput` values plugins declared. */
  readonly siteInputs: Readonly<Record<string, string>>;
  /** When the render ran (ms); entries dated after it were not visible yet. */
  readonly now: number;
  /** The time zone the days of `entries` are in. */
  readonly timeZone: string;
  readonly drafts: boolean;
  readonly future: boolean;
  /** The core's page set: flavours, entry flavours, date archives, category archives (see `layoutKey`). */
  readonly layout: string;
  readonly entries: readonly EntryTuple[];
  /** Entries whose pages failed; the next run tries them again. */
  readonly failedEntries: readonly string[];
  /** datadir's folders and their mtimes: a folder whose mtime is the same has the same files. */
  readonly folders: ReadonlyArray<readonly [string, number]>;
  /** Entry files (under datadir) that could not be read: the next run reports them again. */
  readonly unreadable: readonly string[];
  /** Files of the pages only the core lists, one a line (a string: a blog has tens of thousands). */
  readonly core: string;
  /** Every other page, with what it depends on. */
  readonly pages: readonly PageTuple[];
  /** [path, file] of pages that failed or logged errors: the next run renders them again. */
  readonly owed: ReadonlyArray<readonly [string, string]>;
  /** default_flavour, which the usual file of a folder's path depends on. */
  readonly defaultFlavour: string;
  /** Files copied from static_dir: [path under static/, mtime, size]. */
  readonly static: ReadonlyArray<readonly [string, number, number]>;
}

export type ManifestBody = Omit<Manifest, "format">;

/** The previous manifest, or why there is none usable. */
export function readManifest(outDir: string): Manifest | { readonly problem: string } {
  let text: string;
  try {
    text = readFileSync(join(outDir, MANIFEST_FILE), "utf8");
  } catch {
    return { problem: `no ${MANIFEST_FILE} in ${outDir} (first render there)` };
  }
  try {
    const data = JSON.parse(text) as Partial<Manifest>;
    if (
      data.format !== FORMAT ||
      !Array.isArray(data.pages) ||
      !Array.isArray(data.entries) ||
      !Array.isArray(data.owed) ||
      !Array.isArray(data.folders) ||
      !Array.isArray(data.unreadable) ||
      typeof data.core !== "string" ||
      typeof data.keys !== "object"
    ) {
      return { problem: `${MANIFEST_FILE} is from another version of Blossom` };
    }
    return data as Manifest;
  } catch {
    return { problem: `${MANIFEST_FILE} is damaged` };
  }
}

export function writeManifest(outDir: string, body: ManifestBody): void {
  writeFileAtomic(join(outDir, MANIFEST_FILE), JSON.stringify({ format: FORMAT, ...body }));
}

/** The files of the core's pages in a manifest. */
export function coreFiles(manifest: Pick<Manifest, "core">): string[] {
  return manifest.core ? manifest.core.split("\n") : [];
}

/** Whether a file can be listed in `core` (one a line). */
export function fitsCoreList(file: string): boolean {
  return !file.includes("\n");
}

/** How many pages a manifest lists. */
export function pageCount(manifest: Pick<Manifest, "core" | "pages">): number {
  return lineCount(manifest.core) + manifest.pages.length;
}

function lineCount(text: string): number {
  let lines = text ? 1 : 0;
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) lines++;
  return lines;
}

/**
 * A manifest's core files as a set, without splitting the list: an incremental run asks about a few dozen of
 * tens of thousands. Changes are kept beside it and applied when the list is written again.
 */
export class CoreFileList {
  private readonly lines: string;
  private readonly added = new Set<string>();
  private readonly removed = new Set<string>();
  private readonly count: number;

  constructor(private readonly core: string) {
    this.lines = `\n${core}\n`;
    this.count = lineCount(core);
  }

  has(file: string): boolean {
    if (this.added.has(file)) return true;
    return !this.removed.has(file) && this.lines.includes(`\n${file}\n`);
  }

  add(file: string): void {
    if (this.removed.delete(file) || this.has(file)) return;
    this.added.add(file);
  }

  delete(file: string): boolean {
    if (this.added.delete(file)) return true;
    if (!this.has(file)) return false;
    this.removed.add(file);
    return true;
  }

  get size(): number {
    return this.count + this.added.size - this.removed.size;
  }

  /** The list as the manifest's `core`. */
  toString(): string {
    if (this.added.size === 0 && this.removed.size === 0) return this.core;
    const kept = this.removed.size ? coreFiles({ core: this.core }).filter((file) => !this.removed.has(file)) : this.core ? [this.core] : [];
    return [...kept, ...this.added].join("\n");
  }
}

/**
 * The pages a run owes, written before it renders and removed when its manifest is written: an interrupted run
 * (Ctrl-C, a crash) leaves it behind, and the next run renders those pages again and deletes the ones no longer
 * planned. Far smaller than rewriting the manifest first. [path, file] pairs.
 */
export const JOURNAL_FILE = ".blossom-render.pending.json";

export function readJournal(outDir: string): Array<[string, string]> {
  try {
    const data = JSON.parse(readFileSync(join(outDir, JOURNAL_FILE), "utf8")) as unknown;
    return Array.isArray(data) ? data.filter((item): item is [string, string] => Array.isArray(item) && typeof item[1] === "string") : [];
  } catch {
    return [];
  }
}

export function writeJournal(outDir: string, owed: ReadonlyArray<readonly [string, string]>): void {
  writeFileAtomic(join(outDir, JOURNAL_FILE), JSON.stringify(owed));
}

export function removeJournal(outDir: string): void {
  rmSync(join(outDir, JOURNAL_FILE), { force: true });
}

export function entryTuple(record: EntryRecord, day: string): EntryTuple {
  return [record.id, record.ext, record.mtime, record.size, record.date, record.draft ? 1 : 0, day];
}
