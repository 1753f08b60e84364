import { promises as fsp } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { httpDate } from "../../core/dates";
import type { BlogResponse, RequestContext } from "../../core";

/** The URL prefix (under the mount) where static_dir is served. "static" is therefore not a category name. */
export const STATIC_PREFIX = "/static/";

const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".pdf": "application/pdf",
  ".mp3": "audio/mpeg",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
};

export function contentTypeOf(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
}

/**
 * Serves static_dir at <mount>/static/ for every transport (behind a web server, alias that URL to the folder
 * instead). The resolved file must stay inside static_dir: "..", encoded or not, never escapes it.
 */
export async function serveStatic(ctx: RequestContext): Promise<BlogResponse | undefined> {
  const { path, method } = ctx.request;
  if (!path.startsWith(STATIC_PREFIX) || (method !== "GET" && method !== "POST")) return undefined;
  const root = ctx.blog.config.static_dir;
  const relative = path.slice(STATIC_PREFIX.length);
  const file = normalize(join(root, relative));
  const notFound = (): BlogResponse | undefined => undefined;
  if (!file.startsWith(root + sep) || relative.split("/").some((s) => s.startsWith("."))) return notFound();
  ctx.dependsOn(file);
  const info = await fsp.stat(file).catch(() => undefined);
  if (!info?.isFile()) return notFound();
  return {
    status: 200,
    // The tag comes from the file's mtime and size, as nginx and Apache make theirs: nothing to hash, whatever
    // the file's size, and conditionalhttp keeps a tag the answering plugin set.
    headers: {
      "Content-Type": contentTypeOf(file),
      "Last-Modified": httpDate(info.mtimeMs),
      ETag: `"${Math.floor(info.mtimeMs).toString(36)}-${info.size.toString(36)}"`,
    },
    body: await fsp.readFile(file),
  };
}
