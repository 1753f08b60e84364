import { readCgiEnvironment, type CgiEnvironment } from "../../plugins/cgi/environment";
import { formatCgiResponse } from "../../plugins/cgi/response";
import { isBlossomError } from "../../core/errors";

const mount = "/blog";

function failure(env: CgiEnvironment, at = mount): string {
  try {
    readCgiEnvironment(env, at);
  } catch (error) {
    if (isBlossomError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error("expected an error");
}

describe("CGI environment → blog request", () => {
  it("uses SCRIPT_NAME + PATH_INFO (lighttpd, Apache mod_cgi)", () => {
    const incoming = readCgiEnvironment(
      { REQUEST_METHOD: "get", SCRIPT_NAME: "/blog", PATH_INFO: "/tech/ünï code/", QUERY_STRING: "flav=rss&flav=atom&x", REMOTE_ADDR: "10.0.0.7" },
      mount,
    );
    expect(incoming).toEqual({
      kind: "blog",
      contentLength: 0,
      request: { method: "GET", path: "/tech/ünï code/", query: { flav: "rss", x: "" }, headers: {}, remoteAddress: "10.0.0.7" },
    });
  });

  it("derives the path from REQUEST_URI when the server gives only that (nginx's stock scgi_params)", () => {
    const incoming = readCgiEnvironment(
      { REQUEST_METHOD: "GET", REQUEST_URI: "/blog/tech/%C3%BCn%C3%AF%20code/?flav=rss", DOCUMENT_URI: "/blog/tech/ünï code/", QUERY_STRING: "flav=rss" },
      mount,
    );
    expect(incoming).toMatchObject({ kind: "blog", request: { path: "/tech/ünï code/", query: { flav: "rss" } } });
    // No QUERY_STRING: the query comes from REQUEST_URI.
    expect(readCgiEnvironment({ REQUEST_METHOD: "GET", REQUEST_URI: "/blog/?flav=atom" }, mount)).toMatchObject({ request: { path: "/", query: { flav: "atom" } } });
    // Only DOCUMENT_URI (already decoded).
    expect(readCgiEnvironment({ REQUEST_METHOD: "GET", DOCUMENT_URI: "/blog/a b/" }, mount)).toMatchObject({ request: { path: "/a b/" } });
  });

  it("uses the whole path in SCRIPT_NAME when there is no PATH_INFO (Apache mod_proxy_scgi)", () => {
    expect(readCgiEnvironment({ REQUEST_METHOD: "GET", SCRIPT_NAME: "/blog/tech/", REQUEST_URI: "/blog/tech/" }, mount)).toMatchObject({
      request: { path: "/tech/" },
    });
  });

  it("gives the same request whichever variables the server sets", () => {
    const styles: CgiEnvironment[] = [
      { SCRIPT_NAME: "/blog", PATH_INFO: "/tech/x y.html" },
      { SCRIPT_NAME: "/blog/tech/x y.html" },
      { REQUEST_URI: "/blog/tech/x%20y.html?a=1" },
      { DOCUMENT_URI: "/blog/tech/x y.html" },
      { SCRIPT_NAME: "/cgi-bin/blossom.cgi", PATH_INFO: "/tech/x y.html", REQUEST_URI: "/blog/tech/x%20y.html?a=1" },
    ];
    const requests = styles.map((style) => readCgiEnvironment({ REQUEST_METHOD: "GET", QUERY_STRING: "a=1", ...style }, mount));
    for (const request of requests) expect(request).toEqual(requests[0]);
    expect(requests[0]).toMatchObject({ request: { path: "/tech/x y.html", query: { a: "1" } } });
  });

  it("redirects the bare mount to the mount with a slash, keeping the query", () => {
    expect(readCgiEnvironment({ REQUEST_METHOD: "GET", SCRIPT_NAME: "/blog", PATH_INFO: "" }, mount)).toEqual({ kind: "redirect", location: "/blog/" });
    expect(readCgiEnvironment({ REQUEST_METHOD: "GET", REQUEST_URI: "/blog?x=1" }, mount)).toEqual({ kind: "redirect", location: "/blog/?x=1" });
  });

  it("does not answer paths outside the mount", () => {
    for (const env of [{ REQUEST_URI: "/blog2" }, { SCRIPT_NAME: "/blog2", PATH_INFO: "/x" }, { SCRIPT_NAME: "/cgi-bin/blossom.cgi", PATH_INFO: "/tech/" }, { DOCUMENT_URI: "/" }]) {
      expect(readCgiEnvironment({ REQUEST_METHOD: "GET", ...env }, mount)).toEqual({ kind: "outside" });
    }
  });

  it("serves everything with an empty mount (base_url at the server's root)", () => {
    expect(readCgiEnvironment({ REQUEST_METHOD: "GET", SCRIPT_NAME: "", PATH_INFO: "" }, "")).toMatchObject({ request: { path: "/" } });
    expect(readCgiEnvironment({ REQUEST_METHOD: "GET", REQUEST_URI: "/tech/" }, "")).toMatchObject({ request: { path: "/tech/" } });
  });

  it("turns HTTP_* variables, CONTENT_TYPE and CONTENT_LENGTH into headers", () => {
    const incoming = readCgiEnvironment(
      {
        REQUEST_METHOD: "POST",
        SCRIPT_NAME: "/blog",
        PATH_INFO: "/",
        CONTENT_TYPE: "application/x-www-form-urlencoded",
        CONTENT_LENGTH: "12",
        HTTP_ACCEPT_LANGUAGE: "en-GB",
        HTTP_IF_NONE_MATCH: '"abc"',
        PATH: "/usr/bin",
        SERVER_SOFTWARE: "lighttpd",
      },
      mount,
    );
    expect(incoming).toMatchObject({
      contentLength: 12,
      request: {
        headers: { "accept-language": "en-GB", "if-none-match": '"abc"', "content-type": "application/x-www-form-urlencoded", "content-length": "12" },
      },
    });
    if (incoming.kind === "blog") expect(Object.keys(incoming.request.headers).sort()).toEqual(["accept-language", "content-length", "content-type", "if-none-match"]);
  });

  it("reports a missing or broken environment with coded errors", () => {
    expect(failure({})).toMatch(/^BLOSSOM_ERR_CGI_ENVIRONMENT: REQUEST_METHOD is not set/);
    expect(failure({ REQUEST_METHOD: "" })).toMatch(/^BLOSSOM_ERR_CGI_ENVIRONMENT: REQUEST_METHOD is not set/);
    expect(failure({ REQUEST_METHOD: "GET / HTTP/1.1", PATH_INFO: "/" })).toMatch(/^BLOSSOM_ERR_CGI_ENVIRONMENT: REQUEST_METHOD "GET \/ HTTP\/1.1" is not an HTTP method/);
    expect(failure({ REQUEST_METHOD: "GET" })).toMatch(/^BLOSSOM_ERR_CGI_ENVIRONMENT: none of SCRIPT_NAME, PATH_INFO, REQUEST_URI or DOCUMENT_URI is set/);
    expect(failure({ REQUEST_METHOD: "POST", PATH_INFO: "/", SCRIPT_NAME: "/blog", CONTENT_LENGTH: "12abc" })).toBe(
      'BLOSSOM_ERR_BAD_REQUEST: CONTENT_LENGTH "12abc" is not a number of bytes',
    );
    expect(failure({ REQUEST_METHOD: "GET", REQUEST_URI: "/blog/%E0%A4%A" })).toBe("BLOSSOM_ERR_BAD_REQUEST: the URL's path is not valid percent-encoding");
  });
});

describe("blog response → CGI response", () => {
  const text = (bytes: Buffer): string => bytes.toString("latin1");

  it("writes a Status line, the headers, a blank line and the body, with Content-Length", () => {
    const out = formatCgiResponse({ status: 404, headers: { "Content-Type": "text/html; charset=utf-8" }, body: "<p>né</p>" }, "https://example.org");
    expect(text(out)).toBe("Status: 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 10\r\n\r\n<p>n\xc3\xa9</p>");
  });

  it("keeps a Content-Length that is given (HEAD answers carry the GET length and no body)", () => {
    const out = formatCgiResponse({ status: 200, headers: { "Content-Length": "1234" }, body: "" }, "https://example.org");
    expect(text(out)).toBe("Status: 200 OK\r\nContent-Length: 1234\r\n\r\n");
  });

  it("makes a mount-relative Location absolute, so a server never takes it for an internal redirect", () => {
    const out = text(formatCgiResponse({ status: 301, headers: { Location: "/blog/?x=1" }, body: "" }, "https://example.org"));
    expect(out).toContain("\r\nLocation: https://example.org/blog/?x=1\r\n");
    expect(text(formatCgiResponse({ status: 302, headers: { location: "https://other.example/x" }, body: "" }, "https://example.org"))).toContain(
      "location: https://other.example/x\r\n",
    );
  });

  it("never lets a header value start a header of its own, nor a Status header override the status", () => {
    const out = text(formatCgiResponse({ status: 200, headers: { "X-Note": "a\r\nSet-Cookie: evil=1", Status: "500" }, body: Buffer.from([0, 1, 2]) }, "http://h"));
    expect(out).toBe("Status: 200 OK\r\nX-Note: a Set-Cookie: evil=1\r\nContent-Length: 3\r\n\r\n\x00\x01\x02");
  });
});
