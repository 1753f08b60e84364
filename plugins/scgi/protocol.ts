/**
 * The SCGI request format (python.ca/scgi/protocol.txt), parsed incrementally as bytes arrive:
 *
 *     request = netstring(headers) body          netstring = length ":" bytes ","
 *     headers = 1*(name NUL value NUL)           the first header is CONTENT_LENGTH; "SCGI" "1" is required
 *
 * Only bytes and limits live here; sockets and timeouts are the connection's business.
 */

/** The largest request the parser accepts. */
export interface ScgiLimits {
  /** Bytes in the netstring's header block. */
  readonly maxHeaderBytes: number;
  /** Bytes in the body (CONTENT_LENGTH). */
  readonly maxBodyBytes: number;
}

/** One complete SCGI request: the CGI environment the web server sent, and the body. */
export interface ScgiRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/**
 * Why a request was refused. `body-too-large` is the only one with known headers: the request is well formed,
 * so the caller can still answer it (413) rather than just closing the connection.
 */
export type ScgiProblem = "malformed" | "header-too-large" | "body-too-large";

export class ScgiProtocolError extends Error {
  constructor(
    readonly problem: ScgiProblem,
    message: string,
    /** The parsed headers, when the header block was valid. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = "ScgiProtocolError";
  }
}

type Phase = "length" | "headers" | "comma" | "body" | "done";

const COLON = 0x3a;
const COMMA = 0x2c;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * Feed it chunks with `push`; it returns the request once the last body byte has arrived, and throws a
 * ScgiProtocolError as soon as the bytes cannot be a valid request (so a bad client is cut off early).
 * Bytes after the body are ignored: SCGI has one request per connection.
 */
export class ScgiParser {
  private phase: Phase = "length";
  private headerLength = 0;
  private lengthDigits = 0;
  private readonly maxLengthDigits: number;
  private headerChunks: Buffer[] = [];
  private headerReceived = 0;
  private headers: Record<string, string> | undefined;
  private bodyChunks: Buffer[] = [];
  private bodyReceived = 0;
  private contentLength = 0;

  constructor(private readonly limits: ScgiLimits) {
    this.maxLengthDigits = String(limits.maxHeaderBytes).length;
  }

  /** Whether the header block is complete (the slow-header timeout stops here). */
  get hasHeaders(): boolean {
    return this.headers !== undefined;
  }

  /** The body bytes still expected, once the headers are known. */
  get bodyMissing(): number {
    return this.contentLength - this.bodyReceived;
  }

  /** Where parsing stands, for log lines about a client that went away. */
  describeProgress(): string {
    if (this.phase === "length" || this.phase === "headers" || this.phase === "comma") {
      return `after ${this.headerReceived} of ${this.phase === "length" ? "?" : this.headerLength} header bytes`;
    }
    return `after ${this.bodyReceived} of ${this.contentLength} body bytes`;
  }

  push(chunk: Buffer): ScgiRequest | undefined {
    let offset = 0;
    while (offset < chunk.length && this.phase !== "done") {
      switch (this.phase) {
        case "length":
          offset = this.readLength(chunk, offset);
          break;
        case "headers": {
          const take = Math.min(this.headerLength - this.headerReceived, chunk.length - offset);
          this.headerChunks.push(chunk.subarray(offset, offset + take));
          this.headerReceived += take;
          offset += take;
          if (this.headerReceived === this.headerLength) this.phase = "comma";
          break;
        }
        case "comma":
          if (chunk[offset] !== COMMA) throw malformed(`the header netstring does not end with "," (got ${show(chunk[offset]!)})`);
          offset++;
          this.headers = parseHeaderBlock(Buffer.concat(this.headerChunks));
          this.headerChunks = [];
          this.contentLength = contentLengthOf(this.headers, this.limits);
          this.phase = this.contentLength === 0 ? "done" : "body";
          break;
        case "body": {
          const take = Math.min(this.contentLength - this.bodyReceived, chunk.length - offset);
          // Copy: the socket may reuse its chunk's memory, and the body outlives it.
          this.bodyChunks.push(Buffer.from(chunk.subarray(offset, offset + take)));
          this.bodyReceived += take;
          offset += take;
          if (this.bodyReceived === this.contentLength) this.phase = "done";
          break;
        }
      }
    }
    // A header block with CONTENT_LENGTH 0 completes on the comma, even if that was the chunk's last byte.
    if (this.phase === "done" && this.headers) {
      const request = { headers: this.headers, body: Buffer.concat(this.bodyChunks) };
      this.bodyChunks = [];
      this.headers = undefined;
      return request;
    }
    return undefined;
  }

  private readLength(chunk: Buffer, start: number): number {
    let offset = start;
    while (offset < chunk.length) {
      const byte = chunk[offset++]!;
      if (byte === COLON) {
        if (this.lengthDigits === 0) throw malformed('the netstring has no length before ":"');
        if (this.headerLength === 0) throw malformed("the header block is empty (it must hold CONTENT_LENGTH and SCGI)");
        this.phase = "headers";
        return offset;
      }
      if (byte < ZERO || byte > NINE) {
        throw malformed(`the netstring length must be decimal digits followed by ":" (got ${show(byte)})`);
      }
      this.headerLength = this.headerLength * 10 + (byte - ZERO);
      this.lengthDigits++;
      if (this.lengthDigits > this.maxLengthDigits || this.headerLength > this.limits.maxHeaderBytes) {
        throw new ScgiProtocolError("header-too-large", `the header block is over ${this.limits.maxHeaderBytes} bytes`);
      }
    }
    return offset;
  }
}

/** Splits `name NUL value NUL ...` into a map, enforcing what the SCGI spec requires of it. */
function parseHeaderBlock(block: Buffer): Record<string, string> {
  if (block[block.length - 1] !== 0) throw malformed("the header block does not end with a NUL byte");
  const fields = block.toString("utf8", 0, block.length - 1).split("\0");
  if (fields.length % 2 !== 0) throw malformed(`header "${fields.at(-1)}" has no value`);
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < fields.length; i += 2) {
    const name = fields[i]!;
    if (name === "") throw malformed("a header has an empty name");
    if (name in headers) throw malformed(`header ${name} appears twice`);
    headers[name] = fields[i + 1]!;
  }
  if (fields[0] !== "CONTENT_LENGTH") {
    throw malformed("CONTENT_LENGTH" in headers ? "CONTENT_LENGTH is not the first header" : "CONTENT_LENGTH is missing");
  }
  if (headers.SCGI !== "1") throw malformed(headers.SCGI === undefined ? 'the "SCGI" header is missing' : `SCGI is "${headers.SCGI}", not "1"`);
  return { ...headers };
}

function contentLengthOf(headers: Record<string, string>, limits: ScgiLimits): number {
  const raw = headers.CONTENT_LENGTH!;
  if (!/^\d{1,15}$/.test(raw)) throw malformed(`CONTENT_LENGTH "${raw.slice(0, 40)}" is not a number of bytes`);
  const length = Number(raw);
  if (length > limits.maxBodyBytes) {
    throw new ScgiProtocolError("body-too-large", `the body of ${length} bytes is over ${limits.maxBodyBytes} bytes`, headers);
  }
  return length;
}

function malformed(message: string): ScgiProtocolError {
  return new ScgiProtocolError("malformed", message);
}

/** A byte as a reader can see it in a log line. */
function show(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? `"${String.fromCharCode(byte)}"` : `byte 0x${byte.toString(16).padStart(2, "0")}`;
}

/** Encodes a request the way a web server does (for tests and tools that talk to `blossom scgi`). */
export function encodeScgiRequest(env: Readonly<Record<string, string>>, body: Buffer | string = ""): Buffer {
  const payload = typeof body === "string" ? Buffer.from(body) : body;
  const { CONTENT_LENGTH: _ignored, SCGI: _alsoIgnored, ...rest } = env;
  const pairs = [["CONTENT_LENGTH", String(payload.length)], ["SCGI", "1"], ...Object.entries(rest)];
  const block = Buffer.from(pairs.map(([name, value]) => `${name}\0${value}\0`).join(""));
  return Buffer.concat([Buffer.from(`${block.length}:`), block, Buffer.from(","), payload]);
}
