import { BlossomError, decodePath, parseQuery, resolveMount, type BlogRequest } from "../../core";
import { headersOf } from "./request-headers";

/** A CGI environment: process.env for CGI, the header block for SCGI. */
export type CgiEnvironment = Readonly<Record<string, string | undefined>>;

/** What a CGI/SCGI request turns out to be, before its body is read. */
export type CgiIncoming =
  | { readonly kind: "blog"; readonly request: Omit<BlogRequest, "body">; readonly contentLength: number }
  | { readonly kind: "redirect"; readonly location: string }
  | { readonly kind: "outside" };

/**
 * Reads one request from a CGI environment (RFC 3875), finding the path under the blog's mount.
 *
 * The server path is taken from, in order, the first of these that falls under the mount:
 * 1. SCRIPT_NAME + PATH_INFO (lighttpd, Apache; already decoded), when either is set;
 * 2. REQUEST_URI, percent-decoded (nginx's stock scgi_params, and the public URL behind an internal rewrite);
 * 3. DOCUMENT_URI (nginx; decoded).
 * Then base_url's path is removed, exactly as the HTTP transport does, so the pages are the same either way.
 */
export function readCgiEnvironment(env: CgiEnvironment, mount: string): CgiIncoming {
  const method = env.REQUEST_METHOD;
  if (method === undefined || method === "") {
    throw new BlossomError(
      "BLOSSOM_ERR_CGI_ENVIRONMENT",
      "REQUEST_METHOD is not set: `blossom cgi` answers one request from a web server's CGI environment",
    );
  }
  if (!/^[A-Za-z]{1,20}$/.test(method)) throw new BlossomError("BLOSSOM_ERR_CGI_ENVIRONMENT", `REQUEST_METHOD "${method.slice(0, 40)}" is not an HTTP method`);

  const candidates = serverPaths(env);
  if (candidates.length === 0) {
    throw new BlossomError("BLOSSOM_ERR_CGI_ENVIRONMENT", "none of SCRIPT_NAME, PATH_INFO, REQUEST_URI or DOCUMENT_URI is set, so the requested path is unknown");
  }
  const rawQuery = env.QUERY_STRING ?? queryOf(env.REQUEST_URI);
  let outcome: CgiIncoming = { kind: "outside" };
  for (const serverPath of candidates) {
    if (serverPath === undefined) throw new BlossomError("BLOSSOM_ERR_BAD_REQUEST", "the URL's path is not valid percent-encoding");
    const match = resolveMount(mount, serverPath);
    if (match.kind === "redirect") {
      outcome = { kind: "redirect", location: rawQuery ? `${match.location}?${rawQuery}` : match.location };
      break;
    }
    if (match.kind === "inside") {
      outcome = {
        kind: "blog",
        contentLength: contentLengthOf(env),
        request: {
          method: method.toUpperCase(),
          path: match.path,
          query: parseQuery(rawQuery),
          headers: headersOf(env),
          remoteAddress: env.REMOTE_ADDR ?? "",
        },
      };
      break;
    }
  }
  return outcome;
}

/** The candidate server paths, best first; undefined marks a REQUEST_URI that is not valid percent-encoding. */
function serverPaths(env: CgiEnvironment): Array<string | undefined> {
  const paths: Array<string | undefined> = [];
  if (env.SCRIPT_NAME !== undefined || env.PATH_INFO !== undefined) paths.push(`${env.SCRIPT_NAME ?? ""}${env.PATH_INFO ?? ""}` || "/");
  if (env.REQUEST_URI) {
    const q = env.REQUEST_URI.indexOf("?");
    paths.push(decodePath(q < 0 ? env.REQUEST_URI : env.REQUEST_URI.slice(0, q)));
  }
  if (env.DOCUMENT_URI) paths.push(env.DOCUMENT_URI);
  return paths;
}

function queryOf(requestUri: string | undefined): string {
  const q = requestUri?.indexOf("?") ?? -1;
  return q < 0 ? "" : requestUri!.slice(q + 1);
}

function contentLengthOf(env: CgiEnvironment): number {
  const raw = env.CONTENT_LENGTH;
  if (raw === undefined || raw === "") return 0;
  if (!/^\d{1,15}$/.test(raw)) throw new BlossomError("BLOSSOM_ERR_BAD_REQUEST", `CONTENT_LENGTH "${raw.slice(0, 40)}" is not a number of bytes`);
  return Number(raw);
}
