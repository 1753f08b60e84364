import { closeSync, fstatSync, openSync, readSync, rmSync, statSync } from "node:fs";
import { readJsonCache, writeCacheFile, writeJsonCache } from "../json-cache";
import type { EntryRecord } from "./entry";
import type { IndexSnapshot } from "./entry-index";
import { lazyList } from "./lazy-list";

/*
 * The entry index on disk, so a CGI process (or a restarted server) need not parse every entry again. It is
 * laid out so that a request reads only what it uses: on a 10,000-entry blog a front page needs every date
 * (which entries are visible, how many) but the records of ten. Reading and parsing every record cost a CGI
 * request more than Node's own start-up; with this layout a front page reads ~100 KB and parses a few records.
 *
 *   "BLSMIDX3" · byte-order mark (uint32) · header length (uint32) · header JSON, padded to 8 bytes
 *   dates    float64 × n   publication times, newest first          ┐ read at open
 *   flags    uint8 × n     bit 0 draft, bits 1–7 the extension       ┘
 *   mtimes   float64 × n,  sizes float64 × n                         ┐ read in slices for the records
 *   ends     uint32 × n    where each record's details end           │ a page shows, whole for a sweep
 *   details  UTF-8 JSON `[id, title, meta]` per record               ┘
 *   ids      UTF-8, NUL-separated (NUL is the one byte no path has)    read to list a category or find an id
 *
 * Numbers are in the machine's byte order: the file never leaves the machine, and a reader with the other
 * order sees a foreign byte-order mark and rebuilds.
 */
const MAGIC = "BLSMIDX3";
const BYTE_ORDER_MARK = 0x01020304;
const PREFIX_BYTES = 16;
/** Records one read brings in: a page's entries are neighbours in date order. */
const CHUNK = 32;
/** After this many chunk reads a request is walking the whole blog: read the rest at once. */
const CHUNK_READS_BEFORE_BULK = 8;
const EXTENSIONS_LIMIT = 128;

interface Header {
  readonly key: string;
  readonly state: string;
  readonly count: number;
  readonly folders: ReadonlyArray<readonly [string, number]>;
  readonly exts: readonly string[];
  /** Positions of drafts, ascending: most pages skip them, and a list without them needs no scan. */
  readonly drafts: readonly number[];
  /** The newest mtime of any entry file (Last-Modified without reading every mtime). */
  readonly newestMtime: number;
  readonly detailsBytes: number;
  readonly idsBytes: number;
}

/** Where each section starts, from the header's size, the record count and the details' size. */
function layout(headerBytes: number, count: number, detailsBytes: number) {
  const dates = align8(PREFIX_BYTES + headerBytes);
  const flags = dates + 8 * count;
  const mtimes = align8(flags + count);
  const sizes = mtimes + 8 * count;
  const ends = sizes + 8 * count;
  const details = ends + 4 * count;
  const ids = details + detailsBytes;
  return { dates, flags, mtimes, sizes, ends, details, ids };
}

function align8(offset: number): number {
  return (offset + 7) & ~7;
}

/**
 * An index file opened for reading. Its columns answer which entries a page lists; records are built only for
 * the entries a request touches. Keeps the file open: a concurrent request may replace the file (by rename), and
 * the open descriptor still reads the version these columns came from.
 */
export class StoredIndex {
  readonly count: number;
  readonly state: string;
  readonly folders: ReadonlyArray<readonly [string, number]>;
  readonly newestMtime: number;
  private readonly header: Header;
  private readonly dates: Float64Array;
  private readonly flags: Uint8Array;
  private readonly at: ReturnType<typeof layout>;
  private idList: string[] | undefined;
  private stats: { mtimes: Float64Array; sizes: Float64Array } | undefined;
  private readonly made: Array<EntryRecord | undefined>;
  private chunkReads = 0;
  private fd: number | undefined;

  constructor(fd: number, header: Header, head: Uint8Array, at: ReturnType<typeof layout>) {
    this.fd = fd;
    this.header = header;
    this.count = header.count;
    this.state = header.state;
    this.folders = header.folders;
    this.newestMtime = header.newestMtime;
    this.at = at;
    this.dates = new Float64Array(head.buffer, at.dates, header.count);
    this.flags = new Uint8Array(head.buffer, at.flags, header.count);
    this.made = new Array<EntryRecord | undefined>(header.count);
  }

  get length(): number {
    return this.count;
  }

  date(i: number): number {
    return this.dates[i]!;
  }

  draft(i: number): boolean {
    return (this.flags[i]! & 1) === 1;
  }

  ext(i: number): string {
    return this.header.exts[this.flags[i]! >> 1]!;
  }

  id(i: number): string {
    if (!this.idList) {
      const bytes = this.read(this.at.ids, this.header.idsBytes);
      this.idList = this.count === 0 ? [] : Buffer.from(bytes.buffer).toString().split("\0");
    }
    return this.idList[i]!;
  }

  /** The position of an id, or -1. One scan: cheaper than a map for the one entry a request asks for. */
  indexOf(id: string): number {
    if (this.count === 0) return -1;
    this.id(0);
    return this.idList!.indexOf(id);
  }

  /** The mtime and size of every entry file, for a sweep. */
  fileStats(): { mtimes: Float64Array; sizes: Float64Array } {
    if (!this.stats) {
      const bytes = this.read(this.at.mtimes, 16 * this.count);
      this.stats = { mtimes: new Float64Array(bytes.buffer, 0, this.count), sizes: new Float64Array(bytes.buffer, 8 * this.count, this.count) };
    }
    return this.stats;
  }

  record(i: number): EntryRecord {
    const made = this.made[i];
    if (made) return made;
    this.readRecords(i, Math.min(this.count, i + CHUNK));
    return this.made[i]!;
  }

  /**
   * The records in positions [from, to) but `skip` (ascending), each built when first read. Without `skip`
   * the list needs no array of positions at all: a front page of 10,000 entries costs nothing to list.
   */
  range(from: number, to: number, skip: readonly number[] = []): readonly EntryRecord[] {
    const skipped = skip.filter((p) => p >= from && p < to);
    // The k-th listed position: k past `from`, plus every skipped position at or before it.
    const positionOf = (k: number): number => {
      let position = from + k;
      for (const p of skipped) if (p <= position) position++;
      return position;
    };
    return lazyList(to - from - skipped.length, (k) => this.record(positionOf(k)));
  }

  /** The records at `positions`, each built when first read. */
  list(positions: readonly number[]): readonly EntryRecord[] {
    return lazyList(positions.length, (k) => this.record(positions[k]!));
  }

  /** Positions of drafts, ascending. */
  get drafts(): readonly number[] {
    return this.header.drafts;
  }

  /** Every record, newest first; reads what is missing at once. */
  records(): EntryRecord[] {
    if (this.count > 0) this.readRecords(0, this.count);
    return this.made as EntryRecord[];
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  /** Builds the records in [from, to): a chunk of neighbours, or the whole blog once reads pile up. */
  private readRecords(from: number, to: number): void {
    if (++this.chunkReads > CHUNK_READS_BEFORE_BULK) [from, to] = [0, this.count];
    const n = to - from;
    // The end of the record before `from` too: where the first one starts.
    const before = from === 0 ? 0 : 1;
    const ends = new Uint32Array(this.read(this.at.ends + 4 * (from - before), 4 * (n + before)).buffer);
    const start = before ? ends[0]! : 0;
    const details = Buffer.from(this.read(this.at.details + start, ends[n + before - 1]! - start).buffer);
    const mtimes = this.stats?.mtimes.subarray(from, to) ?? new Float64Array(this.read(this.at.mtimes + 8 * from, 8 * n).buffer);
    const sizes = this.stats?.sizes.subarray(from, to) ?? new Float64Array(this.read(this.at.sizes + 8 * from, 8 * n).buffer);
    let offset = 0;
    for (let k = 0; k < n; k++) {
      const end = ends[k + before]! - start;
      const i = from + k;
      if (!this.made[i]) {
        const [id, title, meta] = JSON.parse(details.toString("utf8", offset, end)) as [string, string, Record<string, string>];
        this.made[i] = makeRecord(id, this.ext(i), title, meta, mtimes[k]!, sizes[k]!, this.dates[i]!, this.draft(i));
      }
      offset = end;
    }
  }

  private read(position: number, length: number): Uint8Array {
    if (this.fd === undefined) throw new Error("the index file is closed");
    const bytes = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, bytes, done, length - done, position + done);
      if (n === 0) throw new Error("the index file is shorter than its header says");
      done += n;
    }
    return bytes;
  }
}

/** Builds a record from what the index stores; the other fields follow from the id. */
export function makeRecord(
  id: string,
  ext: string,
  title: string,
  meta: Record<string, string>,
  mtime: number,
  size: number,
  date: number,
  draft: boolean,
): EntryRecord {
  const slash = id.lastIndexOf("/");
  return { id, file: `${id}.${ext}`, ext, category: slash < 0 ? "" : id.slice(0, slash), fn: id.slice(slash + 1), title, meta, mtime, size, date, draft };
}

/** Opens the index file when it exists, is whole, and was written under `key`; else undefined (rebuild). */
export function openIndexFile(file: string, key: string): StoredIndex | undefined {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return undefined;
  }
  try {
    const prefix = new Uint8Array(PREFIX_BYTES);
    if (readSync(fd, prefix, 0, PREFIX_BYTES, 0) !== PREFIX_BYTES) throw new Error("short");
    const [mark, headerBytes] = new Uint32Array(prefix.buffer, 8, 2);
    if (Buffer.from(prefix.buffer, 0, 8).toString("latin1") !== MAGIC || mark !== BYTE_ORDER_MARK) throw new Error("foreign");
    const headerText = readExactly(fd, PREFIX_BYTES, headerBytes!);
    const header = JSON.parse(Buffer.from(headerText.buffer).toString()) as Header;
    if (header.key !== key || !Number.isInteger(header.count)) throw new Error("stale");
    const at = layout(headerBytes!, header.count, header.detailsBytes);
    // The rest is read later, a little at a time: a file cut short must be caught now, not mid-request.
    if (fstatSync(fd).size !== at.ids + header.idsBytes) throw new Error("cut short");
    // One read from the start of the file keeps the columns 8-byte aligned, as Float64Array needs.
    const head = readExactly(fd, 0, at.mtimes);
    return new StoredIndex(fd, header, head, at);
  } catch {
    closeSync(fd);
    return undefined;
  }
}

function readExactly(fd: number, position: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  if (readSync(fd, bytes, 0, length, position) !== length) throw new Error("short");
  return bytes;
}

/** Writes the index file atomically. False when it cannot (a read-only folder, too many extensions). */
export function writeIndexFile(file: string, key: string, snapshot: IndexSnapshot): boolean {
  const records = snapshot.records;
  const count = records.length;
  const exts = [...new Set(records.map((r) => r.ext))];
  if (exts.length > EXTENSIONS_LIMIT) return false;
  const ids = Buffer.from(records.map((r) => r.id).join("\0"));
  const details = records.map((r) => JSON.stringify([r.id, r.title, r.meta]));
  const detailsBytes = Buffer.byteLength(details.join(""));
  const drafts: number[] = [];
  let newestMtime = 0;
  records.forEach((r, i) => {
    if (r.draft) drafts.push(i);
    newestMtime = Math.max(newestMtime, r.mtime);
  });
  const header: Header = { key, state: snapshot.state, count, folders: snapshot.folders, exts, drafts, newestMtime, detailsBytes, idsBytes: ids.length };
  const headerText = Buffer.from(JSON.stringify(header));
  const at = layout(headerText.length, count, detailsBytes);
  const bytes = Buffer.alloc(at.ids + ids.length);
  bytes.write(MAGIC, 0, "latin1");
  new Uint32Array(bytes.buffer, bytes.byteOffset + 8, 2).set([BYTE_ORDER_MARK, headerText.length]);
  headerText.copy(bytes, PREFIX_BYTES);
  const column = <A extends Float64Array | Uint32Array>(Type: new (b: ArrayBuffer, o: number, n: number) => A, offset: number): A =>
    new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset + offset, count);
  const dates = column(Float64Array, at.dates);
  const mtimes = column(Float64Array, at.mtimes);
  const sizes = column(Float64Array, at.sizes);
  const ends = column(Uint32Array, at.ends);
  let end = 0;
  records.forEach((r, i) => {
    dates[i] = r.date;
    bytes[at.flags + i] = (exts.indexOf(r.ext) << 1) | (r.draft ? 1 : 0);
    mtimes[i] = r.mtime;
    sizes[i] = r.size;
    ends[i] = end += bytes.write(details[i]!, at.details + end);
  });
  ids.copy(bytes, at.ids);
  return writeCacheFile(file, bytes);
}

/** The index's file in the cache folder. */
export const INDEX_FILE = "index.bin";
/** Its sweep stamp (readSweptAt), beside it. */
export const SWEEP_FILE = "index-swept.json";

/**
 * When every entry file was last stat-ed, kept beside the index: a sweep that finds nothing changed then
 * writes a few bytes instead of the whole index. Belongs to one index state; another state was never swept.
 */
export function readSweptAt(file: string, state: string): number {
  const stamp = readJsonCache<{ state: string; at: number }>(file);
  return stamp?.state === state && typeof stamp.at === "number" ? stamp.at : 0;
}

export function writeSweptAt(file: string, state: string, at: number): void {
  writeJsonCache(file, { state, at });
}

/** A sweep lock older than this was left by a process that died mid-sweep. */
const SWEEP_LOCK_STALE_MS = 60_000;

/**
 * Claims the sweep (one stat per entry) for this process: when it falls due, concurrent CGI requests would
 * otherwise all stat every entry at once. Returns the release, or undefined while another process holds it.
 * Without a writable cache folder there is nothing to share: the caller sweeps.
 */
export function claimSweep(lockFile: string): (() => void) | undefined {
  const release = (): void => rmSync(lockFile, { force: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      closeSync(openSync(lockFile, "wx"));
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") return () => {};
      const lock = statSync(lockFile, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs < SWEEP_LOCK_STALE_MS) return undefined;
      rmSync(lockFile, { force: true });
    }
  }
  return undefined;
}
