import type { IncomingMessage } from "node:http";
import { BlossomError, decodePath, parseQuery, resolveMount, type BlogRequest } from "../../core";

/** What the HTTP server does with one incoming request before the blog sees it. */
export type Incoming =
  | { readonly kind: "blog"; readonly request: BlogRequest }
  | { readonly kind: "redirect"; readonly location: string }
  | { readonly kind: "outside" };

/** Reads a request body, refusing more than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BlossomError("BLOSSOM_ERR_PAYLOAD_TOO_LARGE", `request body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Maps a Node request to the blog's request, honouring the mount of base_url. */
export async function toBlogRequest(req: IncomingMessage, mount: string, bodyLimit: number): Promise<Incoming> {
  const raw = req.url ?? "/";
  const q = raw.indexOf("?");
  const pathname = q < 0 ? raw : raw.slice(0, q);
  const search = q < 0 ? "" : raw.slice(q);
  const decoded = decodePath(pathname);
  if (decoded === undefined) throw new BlossomError("BLOSSOM_ERR_BAD_REQUEST", "the URL's path is not valid percent-encoding");
  const match = resolveMount(mount, decoded);
  if (match.kind === "outside") return match;
  if (match.kind === "redirect") return { kind: "redirect", location: match.location + search };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    kind: "blog",
    request: {
      method: (req.method ?? "GET").toUpperCase(),
      path: match.path,
      query: parseQuery(search),
      headers,
      body: await readBody(req, bodyLimit),
      remoteAddress: req.socket.remoteAddress ?? "",
    },
  };
}
