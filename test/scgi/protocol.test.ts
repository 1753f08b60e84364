import { encodeScgiRequest, ScgiParser, ScgiProtocolError, type ScgiRequest } from "../../plugins/scgi/protocol";

const limits = { maxHeaderBytes: 1024, maxBodyBytes: 64 };
const block = (pairs: Array<[string, string]>): Buffer => Buffer.from(pairs.map(([n, v]) => `${n}\0${v}\0`).join(""));
const netstring = (payload: Buffer | string, length = Buffer.byteLength(payload)): Buffer =>
  Buffer.concat([Buffer.from(`${length}:`), Buffer.from(payload), Buffer.from(",")]);

/** Feeds everything, one chunk per array item; returns the request or the error. */
function parse(chunks: Array<Buffer | string>, parser = new ScgiParser(limits)): ScgiRequest | ScgiProtocolError | undefined {
  try {
    let result: ScgiRequest | undefined;
    for (const chunk of chunks) result = parser.push(Buffer.from(chunk)) ?? result;
    return result;
  } catch (error) {
    if (error instanceof ScgiProtocolError) return error;
    throw error;
  }
}

function problem(chunks: Array<Buffer | string>): string {
  const result = parse(chunks);
  if (!(result instanceof ScgiProtocolError)) throw new Error(`expected a protocol error, got ${JSON.stringify(result)}`);
  return `${result.problem}: ${result.message}`;
}

describe("SCGI request parser", () => {
  const env = { REQUEST_METHOD: "POST", SCRIPT_NAME: "/blog", PATH_INFO: "/tech/", QUERY_STRING: "a=1" };

  it("parses the example of the SCGI specification", () => {
    // protocol.txt: "70:CONTENT_LENGTH\0" "27\0" "SCGI\0" "1\0" "REQUEST_METHOD\0" "POST\0" "REQUEST_URI\0" "/deepthought\0" "," "What is the answer to life?"
    const spec = "70:CONTENT_LENGTH\x0027\x00SCGI\x001\x00REQUEST_METHOD\x00POST\x00REQUEST_URI\x00/deepthought\x00,What is the answer to life?";
    const result = parse([spec]) as ScgiRequest;
    expect(result.headers).toEqual({ CONTENT_LENGTH: "27", SCGI: "1", REQUEST_METHOD: "POST", REQUEST_URI: "/deepthought" });
    expect(result.body.toString()).toBe("What is the answer to life?");
  });

  it("gives the same request whether the bytes come at once or one by one", () => {
    const bytes = encodeScgiRequest(env, "name=Ada&text=héllo");
    const whole = parse([bytes]) as ScgiRequest;
    const trickled = parse([...bytes].map((b) => Buffer.from([b]))) as ScgiRequest;
    expect(whole.headers).toEqual({ CONTENT_LENGTH: String(Buffer.byteLength("name=Ada&text=héllo")), SCGI: "1", ...env });
    expect(trickled).toEqual(whole);
    expect(whole.body.toString()).toBe("name=Ada&text=héllo");
  });

  it("completes on the comma when CONTENT_LENGTH is 0, and ignores bytes after the request", () => {
    const parser = new ScgiParser(limits);
    const bytes = encodeScgiRequest({ REQUEST_METHOD: "GET" });
    expect(parser.push(bytes)?.body.length).toBe(0);
    expect(parser.push(Buffer.from("trailing garbage"))).toBeUndefined();
    expect((parse([encodeScgiRequest(env, "abc"), "more than declared"]) as ScgiRequest).body.toString()).toBe("abc");
  });

  it("reports progress and whether the headers are complete", () => {
    const parser = new ScgiParser(limits);
    const bytes = encodeScgiRequest(env, "0123456789");
    parser.push(bytes.subarray(0, 10));
    expect(parser.hasHeaders).toBe(false);
    expect(parser.describeProgress()).toMatch(/header bytes/);
    parser.push(bytes.subarray(10, bytes.length - 4));
    expect(parser.hasHeaders).toBe(true);
    expect(parser.bodyMissing).toBe(4);
    expect(parser.describeProgress()).toBe("after 6 of 10 body bytes");
  });

  it("refuses a malformed netstring", () => {
    const good = block([["CONTENT_LENGTH", "0"], ["SCGI", "1"]]);
    expect(problem(["GET / HTTP/1.1\r\n"])).toMatch(/^malformed: the netstring length must be decimal digits followed by ":" \(got "G"\)/);
    expect(problem([":abc,"])).toMatch(/^malformed: the netstring has no length/);
    expect(problem(["0:,"])).toMatch(/^malformed: the header block is empty/);
    expect(problem([`${good.length}`, "x"])).toMatch(/got "x"/);
    expect(problem([Buffer.concat([Buffer.from(`${good.length}:`), good, Buffer.from(";")])])).toMatch(/^malformed: the header netstring does not end with ","/);
    // Declared one byte longer than the block: the comma is read as header data and the next byte is no comma.
    expect(problem([netstring(Buffer.concat([good, Buffer.from(",")]), good.length + 1), "x"])).toMatch(/does not end with a NUL byte|does not end with ","/);
  });

  it("refuses a header block over the size limit as soon as the length says so", () => {
    expect(problem(["1025:"])).toBe("header-too-large: the header block is over 1024 bytes");
    expect(problem(["99999"])).toBe("header-too-large: the header block is over 1024 bytes");
    expect(problem(["0000000"])).toBe("header-too-large: the header block is over 1024 bytes");
  });

  it("requires CONTENT_LENGTH, first and numeric, and SCGI 1", () => {
    expect(problem([netstring(block([["SCGI", "1"], ["REQUEST_METHOD", "GET"]]))])).toBe("malformed: CONTENT_LENGTH is missing");
    expect(problem([netstring(block([["SCGI", "1"], ["CONTENT_LENGTH", "0"]]))])).toBe("malformed: CONTENT_LENGTH is not the first header");
    expect(problem([netstring(block([["CONTENT_LENGTH", "ten"], ["SCGI", "1"]]))])).toBe('malformed: CONTENT_LENGTH "ten" is not a number of bytes');
    expect(problem([netstring(block([["CONTENT_LENGTH", "-1"], ["SCGI", "1"]]))])).toMatch(/CONTENT_LENGTH "-1" is not a number/);
    expect(problem([netstring(block([["CONTENT_LENGTH", ""], ["SCGI", "1"]]))])).toMatch(/CONTENT_LENGTH "" is not a number/);
    expect(problem([netstring(block([["CONTENT_LENGTH", "0"]]))])).toBe('malformed: the "SCGI" header is missing');
    expect(problem([netstring(block([["CONTENT_LENGTH", "0"], ["SCGI", "2"]]))])).toBe('malformed: SCGI is "2", not "1"');
  });

  it("refuses a header block that is not name/value pairs", () => {
    expect(problem([netstring("CONTENT_LENGTH\x000\x00SCGI\x001")])).toMatch(/does not end with a NUL byte/);
    expect(problem([netstring("CONTENT_LENGTH\x000\x00SCGI\x00")])).toBe('malformed: header "SCGI" has no value');
    expect(problem([netstring(block([["CONTENT_LENGTH", "0"], ["SCGI", "1"], ["", "x"]]))])).toBe("malformed: a header has an empty name");
    expect(problem([netstring(block([["CONTENT_LENGTH", "0"], ["SCGI", "1"], ["SCGI", "1"]]))])).toBe("malformed: header SCGI appears twice");
  });

  it("refuses a body over the limit but keeps the headers, so the request can still be answered", () => {
    const result = parse([encodeScgiRequest(env, "x".repeat(65))]);
    expect(result).toBeInstanceOf(ScgiProtocolError);
    const error = result as ScgiProtocolError;
    expect(error.problem).toBe("body-too-large");
    expect(error.message).toBe("the body of 65 bytes is over 64 bytes");
    expect(error.headers?.PATH_INFO).toBe("/tech/");
  });

  it("encodes CONTENT_LENGTH from the body, first, whatever the environment says", () => {
    const bytes = encodeScgiRequest({ CONTENT_LENGTH: "999", SCGI: "0", X: "y" }, "body");
    expect(bytes.toString()).toBe("28:CONTENT_LENGTH\x004\x00SCGI\x001\x00X\x00y\x00,body");
  });
});
