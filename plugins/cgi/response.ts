import type { BlogResponse } from "../../core";

/** Reason phrases for the Status line; a server replaces or ignores the phrase, so a short table is enough. */
const REASONS: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  408: "Request Timeout",
  410: "Gone",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/**
 * A blog response as a CGI response (RFC 3875 §6): a `Status:` line, the headers, a blank line, the body. SCGI
 * answers in the same format. A mount-relative `Location` ("/blog/") is made absolute from base_url's origin,
 * because a CGI server treats a bare path as an internal redirect and would never show it to the reader.
 */
export function formatCgiResponse(response: BlogResponse, origin: string): Buffer {
  const body = typeof response.body === "string" ? Buffer.from(response.body) : response.body;
  const lines = [`Status: ${response.status} ${REASONS[response.status] ?? "Unknown"}`];
  let hasLength = false;
  for (const [name, value] of Object.entries(response.headers)) {
    if (/^status$/i.test(name)) continue;
    if (/^content-length$/i.test(name)) hasLength = true;
    const absolute = /^location$/i.test(name) && value.startsWith("/") && !value.startsWith("//") ? origin + value : value;
    // A header value with a line break would let a value forge headers of its own.
    lines.push(`${name}: ${absolute.replace(/[\r\n]+/g, " ")}`);
  }
  if (!hasLength) lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), body]);
}

/** The answer for a path outside the blog's mount: not the blog's page to give, so no error flavour either. */
export function outsideResponse(): BlogResponse {
  return { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: "Not found\n" };
}

/** `/blog` → `/blog/`, as the HTTP transport does. */
export function redirectResponse(location: string): BlogResponse {
  return { status: 301, headers: { Location: location, "Content-Type": "text/plain; charset=utf-8" }, body: `Moved to ${location}\n` };
}
